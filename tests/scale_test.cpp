// Tests for image/scale.hpp: 8-bit pixels to [0, 1], exact ends, range checks.
#include <emergence/image/scale.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <limits>
#include <type_traits>

using emergence::scaleToUnit;
using emergence::test::MessageContains;
using Pixels = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;

TEMPLATE_TEST_CASE("ScaleToUnit_MapsHandCheckedPixels", "[scale]", float, double)
{
    Pixels pixels(2, 2);
    pixels << 0, 51,
              255, 102;

    const auto scaled = scaleToUnit<TestType>(pixels);

    // 51 / 255 = 0.2 and 102 / 255 = 0.4 exactly in the reals; the computed values carry one
    // rounding of the division, so they lie within one unit in the last place.
    STATIC_REQUIRE(std::is_same_v<typename decltype(scaled)::Scalar, TestType>);
    const double ulp = std::numeric_limits<TestType>::epsilon();
    REQUIRE(scaled(0, 0) == TestType(0));
    REQUIRE(scaled(1, 0) == TestType(1));
    REQUIRE_THAT(double(scaled(0, 1)), Catch::Matchers::WithinRel(0.2, ulp));
    REQUIRE_THAT(double(scaled(1, 1)), Catch::Matchers::WithinRel(0.4, ulp));
}

TEMPLATE_TEST_CASE("ScaleToUnit_BlackAndWhiteImagesGiveExactEnds", "[scale]", float, double)
{
    const Pixels black = Pixels::Zero(784, 3);
    const Pixels white = Pixels::Constant(784, 3, 255);

    const auto zeros = scaleToUnit<TestType>(black);
    const auto ones = scaleToUnit<TestType>(white);

    REQUIRE(zeros.rows() == 784);
    REQUIRE(zeros.cols() == 3);
    REQUIRE((zeros.array() == TestType(0)).all());
    REQUIRE((ones.array() == TestType(1)).all());
    REQUIRE(ones.allFinite());
}

TEST_CASE("ScaleToUnit_DefaultsToFloatAndTakesExpressions", "[scale]")
{
    Pixels pixels(3, 2);
    pixels << 0, 255,
              255, 0,
              0, 255;

    const auto scaled = scaleToUnit(pixels.rightCols(1));

    STATIC_REQUIRE(std::is_same_v<decltype(scaled), const Eigen::MatrixXf>);
    REQUIRE(scaled == Eigen::Vector3f(1, 0, 1));
}

TEMPLATE_TEST_CASE("ScaleToUnit_AcceptsWiderTypesInRange", "[scale]", float, double)
{
    Eigen::MatrixXi integers(1, 3);
    integers << 0, 255, 51;
    Eigen::MatrixXd reals(1, 2);
    reals << 255.0, 0.0;

    REQUIRE(scaleToUnit<TestType>(integers)(0, 1) == TestType(1));
    REQUIRE(scaleToUnit<TestType>(reals)(0, 0) == TestType(1));
    REQUIRE(scaleToUnit<TestType>(reals)(0, 1) == TestType(0));
}

TEST_CASE("ScaleToUnit_RejectsValuesOutsideTheByteRange", "[scale]")
{
    Eigen::MatrixXi integers = Eigen::MatrixXi::Zero(2, 3);
    integers(1, 2) = 256;
    REQUIRE_THROWS_MATCHES(scaleToUnit(integers), std::invalid_argument,
                           MessageContains("scaleToUnit: pixel (1, 2) is 256, expected a value "
                                           "in [0, 255]"));

    integers(1, 2) = -1;
    REQUIRE_THROWS_MATCHES(scaleToUnit(integers), std::invalid_argument,
                           MessageContains("pixel (1, 2) is -1"));

    Eigen::MatrixXd reals = Eigen::MatrixXd::Zero(2, 2);
    reals(0, 1) = std::numeric_limits<double>::quiet_NaN();
    REQUIRE_THROWS_MATCHES(scaleToUnit<double>(reals), std::invalid_argument,
                           MessageContains("pixel (0, 1) is nan"));

    reals(0, 1) = 255.5;
    REQUIRE_THROWS_MATCHES(scaleToUnit<double>(reals), std::invalid_argument,
                           MessageContains("pixel (0, 1) is 255.5"));
}
