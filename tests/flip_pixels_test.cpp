// Tests for image/flip_pixels.hpp: exact counts of distinct flips, both codings,
// reproducibility under a seed, uniform choice of the flipped entries, and errors.
#include <emergence/image/flip_pixels.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using emergence::Coding;
using emergence::flippedCount;
using emergence::flipPixels;
using emergence::test::MessageContains;

namespace
{

/// N x P bipolar states with a fixed, irregular pattern (sign of a simple hash).
template <typename Scalar>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> bipolarStates(Eigen::Index rows,
                                                                    Eigen::Index columns)
{
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> states(rows, columns);
    for (Eigen::Index c = 0; c < columns; ++c)
    {
        for (Eigen::Index r = 0; r < rows; ++r)
            states(r, c) = (r * 7 + c * 3) % 5 < 2 ? Scalar(1) : Scalar(-1);
    }
    return states;
}

/// The number of entries in which column c of a and b differ.
template <typename Matrix>
Eigen::Index differences(const Matrix& a, const Matrix& b, Eigen::Index c)
{
    return (a.col(c).array() != b.col(c).array()).count();
}

} // namespace

TEST_CASE("FlippedCount_RoundsHalvesAwayFromZero", "[flip_pixels]")
{
    // Worked by hand: 0.1 * 784 = 78.4 -> 78; 0.25 * 10 = 2.5 -> 3; 0.5 * 3 = 1.5 -> 2.
    REQUIRE(flippedCount(784, 0.1) == 78);
    REQUIRE(flippedCount(10, 0.25) == 3);
    REQUIRE(flippedCount(3, 0.5) == 2);
    REQUIRE(flippedCount(100, 0.0) == 0);
    REQUIRE(flippedCount(100, 1.0) == 100);
    REQUIRE(flippedCount(0, 0.7) == 0);
}

TEST_CASE("FlippedCount_RejectsBadArguments", "[flip_pixels]")
{
    REQUIRE_THROWS_MATCHES(flippedCount(10, -0.25), std::invalid_argument,
                           MessageContains("flippedCount: fraction is -0.25, expected a value "
                                           "in [0, 1]"));
    REQUIRE_THROWS_MATCHES(flippedCount(10, 1.5), std::invalid_argument,
                           MessageContains("fraction is 1.5"));
    REQUIRE_THROWS_MATCHES(flippedCount(10, std::numeric_limits<double>::quiet_NaN()),
                           std::invalid_argument, MessageContains("fraction is nan"));
    REQUIRE_THROWS_MATCHES(flippedCount(-4, 0.5), std::invalid_argument,
                           MessageContains("flippedCount: units is -4, expected at least 0"));
}

TEMPLATE_TEST_CASE("FlipPixels_FlipsExactlyRoundedCountOfDistinctEntries", "[flip_pixels]",
                   float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;
    const Matrix states = bipolarStates<TestType>(100, 6);
    std::mt19937_64 engine(17);

    // 0.125 * 100 = 12.5 rounds to 13 flips per column. A repeated row would flip back and
    // leave fewer than 13 differences, so 13 differences also proves the rows are distinct.
    const Matrix noisy = flipPixels(states, 0.125, engine);
    for (Eigen::Index c = 0; c < states.cols(); ++c)
        REQUIRE(differences(noisy, states, c) == 13);

    // Every changed entry is the negation of the original.
    REQUIRE(((noisy.array() == states.array()) || (noisy.array() == -states.array())).all());
}

TEMPLATE_TEST_CASE("FlipPixels_BinaryCodingSwapsZeroAndOne", "[flip_pixels]", float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;
    const Matrix states = (bipolarStates<TestType>(40, 3).array() + TestType(1)) / TestType(2);
    std::mt19937_64 engine(23);

    const Matrix noisy = flipPixels(states, 0.25, engine, Coding::Binary);

    for (Eigen::Index c = 0; c < states.cols(); ++c)
        REQUIRE(differences(noisy, states, c) == 10);
    REQUIRE(((noisy.array() == states.array()) ||
             (noisy.array() == TestType(1) - states.array()))
                .all());
}

TEMPLATE_TEST_CASE("FlipPixels_FractionZeroKeepsAndOneInverts", "[flip_pixels]", float, double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;
    const Matrix states = bipolarStates<TestType>(30, 4);
    std::mt19937_64 engine(29);

    REQUIRE(flipPixels(states, 0.0, engine) == states);
    REQUIRE(flipPixels(states, 1.0, engine) == Matrix(-states));
}

TEMPLATE_TEST_CASE("FlipPixels_SameSeedSameFlipsAndNextCallDiffers", "[flip_pixels]", float,
                   double)
{
    using Matrix = Eigen::Matrix<TestType, Eigen::Dynamic, Eigen::Dynamic>;
    const Matrix states = bipolarStates<TestType>(200, 3);
    std::mt19937_64 first(31);
    std::mt19937_64 second(31);

    const Matrix a = flipPixels(states, 0.1, first);
    const Matrix b = flipPixels(states, 0.1, second);
    const Matrix c = flipPixels(states, 0.1, first);

    // Two independent choices of 20 rows of 200 coincide with probability 1 / C(200, 20),
    // about 6e-28 per column.
    REQUIRE(a == b);
    REQUIRE(a != c);
}

TEST_CASE("FlipPixels_ColumnsAreCorruptedIndependently", "[flip_pixels]")
{
    // Two equal columns: equal flips in both would have probability 1 / C(100, 10) ~ 6e-14.
    Eigen::MatrixXd states = bipolarStates<double>(100, 1).replicate(1, 2);
    std::mt19937_64 engine(37);

    const Eigen::MatrixXd noisy = flipPixels(states, 0.1, engine);

    REQUIRE(noisy.col(0) != noisy.col(1));
}

TEST_CASE("FlipPixels_OneOfTwoRowsFollowsTheEnginesLowestBit", "[flip_pixels]")
{
    // With 2 rows and fraction 0.5 one row is flipped: the partial Fisher–Yates step swaps
    // position 0 with position uniformIndex(2), which is the raw 64-bit output mod 2 (2^64 is
    // a multiple of 2, so nothing is rejected). The flipped row is therefore reference() & 1.
    std::mt19937_64 engine(41);
    std::mt19937_64 reference(41);
    const Eigen::VectorXd state = Eigen::VectorXd::Ones(2);
    for (int trial = 0; trial < 64; ++trial)
    {
        const Eigen::VectorXd noisy = flipPixels(state, 0.5, engine);
        const auto flipped = static_cast<Eigen::Index>(reference() & 1u);
        REQUIRE(noisy(flipped) == -1.0);
        REQUIRE(noisy(1 - flipped) == 1.0);
    }
}

TEST_CASE("FlipPixels_EveryRowIsFlippedWithEqualChance", "[flip_pixels]")
{
    // 3 of 10 rows per call: each row is flipped with probability 0.3. The band is five
    // binomial standard deviations, so a correct sampler fails with probability below 1e-5.
    const Eigen::VectorXd state = Eigen::VectorXd::Ones(10);
    std::mt19937_64 engine(43);
    constexpr int calls = 20000;
    Eigen::VectorXd flips = Eigen::VectorXd::Zero(10);
    for (int i = 0; i < calls; ++i)
        flips += (state - flipPixels(state, 0.3, engine)) / 2.0;

    const double band = 5.0 * std::sqrt(calls * 0.3 * 0.7);
    for (Eigen::Index r = 0; r < 10; ++r)
        REQUIRE(std::abs(flips(r) - calls * 0.3) < band);
}

TEST_CASE("FlipPixels_AcceptsExpressionsAndIntegerStates", "[flip_pixels]")
{
    const Eigen::MatrixXf states = bipolarStates<float>(20, 4);
    std::mt19937_64 engine(47);

    // A block of two columns: 5 of 20 rows flipped in each.
    const Eigen::MatrixXf noisy = flipPixels(states.middleCols(1, 2), 0.25, engine);
    REQUIRE(noisy.cols() == 2);
    REQUIRE(differences(noisy, Eigen::MatrixXf(states.middleCols(1, 2)), 0) == 5);

    // 8-bit binary images flip as well.
    const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1> binary =
        Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>::Zero(8);
    const auto flipped = flipPixels(binary, 0.5, engine, Coding::Binary);
    REQUIRE(flipped.cast<int>().sum() == 4);
}

TEST_CASE("FlipPixels_RejectsBadArguments", "[flip_pixels]")
{
    Eigen::MatrixXd states = bipolarStates<double>(4, 2);
    std::mt19937_64 engine(53);

    REQUIRE_THROWS_MATCHES(flipPixels(states, -0.5, engine), std::invalid_argument,
                           MessageContains("flipPixels: fraction is -0.5, expected a value in "
                                           "[0, 1]"));
    REQUIRE_THROWS_MATCHES(flipPixels(states, 2.0, engine), std::invalid_argument,
                           MessageContains("fraction is 2"));
    REQUIRE_THROWS_MATCHES(flipPixels(states, std::nan(""), engine), std::invalid_argument,
                           MessageContains("fraction is nan"));

    // An entry outside the coding is named with its place and value.
    states(2, 1) = 0.5;
    REQUIRE_THROWS_MATCHES(flipPixels(states, 0.5, engine), std::invalid_argument,
                           MessageContains("flipPixels: state entry (2, 1) is 0.5, expected a "
                                           "bipolar (-1/+1) value"));
    states(2, 1) = -1.0;
    REQUIRE_THROWS_MATCHES(flipPixels(states, 0.5, engine, Coding::Binary),
                           std::invalid_argument, MessageContains("is -1, expected a binary"));

    const Eigen::Matrix<std::uint8_t, 2, 1> unsignedStates(1, 1);
    REQUIRE_THROWS_MATCHES(flipPixels(unsignedStates, 0.5, engine), std::invalid_argument,
                           MessageContains("bipolar coding needs a signed scalar type"));
}
