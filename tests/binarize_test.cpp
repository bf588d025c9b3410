// Tests for image/binarize.hpp: the strict "above the column's own mean" rule in both
// codings, constant images, and errors.
#include <emergence/image/binarize.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <limits>
#include <type_traits>

using emergence::binarizeAtMean;
using emergence::Coding;
using emergence::test::MessageContains;

TEMPLATE_TEST_CASE("BinarizeAtMean_HandCheckedColumns", "[binarize]", float, double)
{
    using Vector = Eigen::Matrix<TestType, Eigen::Dynamic, 1>;

    // Mean 0.1875: only 0.375 lies above it. All values are dyadic, so the arithmetic is exact.
    Vector first(4);
    first << 0.125, 0.125, 0.125, 0.375;
    Vector firstBinary(4);
    firstBinary << 0, 0, 0, 1;
    Vector firstBipolar(4);
    firstBipolar << -1, -1, -1, 1;
    REQUIRE(binarizeAtMean(first, Coding::Binary) == firstBinary);
    REQUIRE(binarizeAtMean(first, Coding::Bipolar) == firstBipolar);
    REQUIRE(binarizeAtMean(first) == firstBipolar);

    // Mean 0.5: the pixel equal to the mean is low because the rule is strict.
    Vector second(3);
    second << 0.25, 0.5, 0.75;
    Vector secondBinary(3);
    secondBinary << 0, 0, 1;
    REQUIRE(binarizeAtMean(second, Coding::Binary) == secondBinary);
}

TEMPLATE_TEST_CASE("BinarizeAtMean_EachColumnUsesItsOwnMean", "[binarize]", float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;

    // Column 0 has mean 0.5, column 1 mean 0.125: the same value 0.25 is low in the first
    // and high in the second.
    Matrix images(4, 2);
    images << 0.25, 0.25,
              0.75, 0.0,
              0.25, 0.0,
              0.75, 0.25;
    Matrix expected(4, 2);
    expected << -1, 1,
                1, -1,
                -1, -1,
                1, 1;

    const auto result = binarizeAtMean(images);

    STATIC_REQUIRE(std::is_same_v<typename std::decay_t<decltype(result)>, Matrix>);
    REQUIRE(result == expected);
}

TEMPLATE_TEST_CASE("BinarizeAtMean_ConstantImagesComeOutAllLow", "[binarize]", float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;

    // 0.1, 0.7 and 1/3 are not representable, and a plain sum / n of such columns can land
    // just below the common value; every column must still come out all low, never NaN.
    Matrix images(101, 5);
    images.col(0).setConstant(TestType(0.1));
    images.col(1).setConstant(TestType(0.7));
    images.col(2).setConstant(TestType(1) / TestType(3));
    images.col(3).setConstant(TestType(0));
    images.col(4).setConstant(TestType(1));

    REQUIRE((binarizeAtMean(images, Coding::Binary).array() == TestType(0)).all());
    REQUIRE((binarizeAtMean(images, Coding::Bipolar).array() == TestType(-1)).all());

    // Three pixels of 0.7 in double: a plain sum / 3 gives a mean below 0.7.
    for (const TestType value : {TestType(0.1), TestType(0.7)})
    {
        const Eigen::Matrix<TestType, 3, 1> small = Eigen::Matrix<TestType, 3, 1>::Constant(value);
        REQUIRE((binarizeAtMean(small, Coding::Binary).array() == TestType(0)).all());
    }
}

TEMPLATE_TEST_CASE("BinarizeAtMean_RampSplitsAtItsMiddle", "[binarize]", float, double)
{
    // Pixels 0/16, 1/16, ..., 15/16 have mean 15/32 (exact in binary), so the eight pixels
    // from 8/16 upwards are high.
    Eigen::Matrix<TestType, Eigen::Dynamic, 1> ramp(16);
    for (Eigen::Index i = 0; i < 16; ++i)
        ramp(i) = TestType(i) / TestType(16);

    const auto result = binarizeAtMean(ramp, Coding::Binary);

    REQUIRE(result.head(8).isZero());
    REQUIRE((result.tail(8).array() == TestType(1)).all());
}

TEST_CASE("BinarizeAtMean_TakesExpressionsAndEmptyImages", "[binarize]")
{
    Eigen::MatrixXd images(3, 3);
    images << 0, 1, 9,
              0, 2, 9,
              3, 6, 9;

    // A block of the last two columns: means 3 and 9.
    const Eigen::MatrixXd result = binarizeAtMean(images.rightCols(2), Coding::Binary);
    Eigen::MatrixXd expected(3, 2);
    expected << 0, 0,
                0, 0,
                1, 0;
    REQUIRE(result == expected);

    const Eigen::MatrixXd empty(0, 4);
    REQUIRE(binarizeAtMean(empty).cols() == 4);
    REQUIRE(binarizeAtMean(empty).rows() == 0);
}

TEMPLATE_TEST_CASE("BinarizeAtMean_HugeValuesDoNotOverflowTheMean", "[binarize]", float, double)
{
    // [-m, 0, m] with m at 0.9 of the type's largest value has mean 0: only the last pixel
    // lies above it. A plain sum, or offsets from the minimum, overflow to infinity here.
    const TestType m = std::numeric_limits<TestType>::max() * TestType(0.9);
    Eigen::Matrix<TestType, Eigen::Dynamic, 1> image(3);
    image << -m, 0, m;
    Eigen::Matrix<TestType, Eigen::Dynamic, 1> expected(3);
    expected << -1, -1, 1;
    REQUIRE(binarizeAtMean(image) == expected);
}

TEMPLATE_TEST_CASE("BinarizeAtMean_RejectsNonFiniteValues", "[binarize]", float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;
    Matrix images = Matrix::Zero(4, 3);

    images(2, 1) = std::numeric_limits<TestType>::quiet_NaN();
    REQUIRE_THROWS_MATCHES(binarizeAtMean(images), std::invalid_argument,
                           MessageContains("binarizeAtMean: image 1 pixel 2 is nan, expected a "
                                           "finite value"));

    images(2, 1) = TestType(0);
    images(3, 2) = -std::numeric_limits<TestType>::infinity();
    REQUIRE_THROWS_MATCHES(binarizeAtMean(images), std::invalid_argument,
                           MessageContains("image 2 pixel 3 is -inf"));
}
