// Tests of hopfield/pattern_distance.hpp and hopfield/random_patterns.hpp: overlaps, Hamming
// distances and nearest patterns against hand-worked values and a plain loop.
#include <emergence/hopfield/pattern_distance.hpp>
#include <emergence/hopfield/random_patterns.hpp>

#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

using Catch::Matchers::Contains;
using emergence::hammingDistances;
using emergence::nearestPatterns;
using emergence::overlaps;
using emergence::randomPatterns;

TEMPLATE_TEST_CASE("PatternDistance_OverlapsAndDistancesByHand", "[pattern_distance]", float,
                   double)
{
    // Columns: the pattern itself, half of it flipped, its inverse.
    Eigen::Matrix<TestType, 4, 3> states;
    states << 1, 1, -1,
              1, -1, -1,
             -1, -1, 1,
             -1, 1, 1;
    Eigen::Matrix<TestType, 4, 3> patterns;
    patterns.col(0) << 1, 1, -1, -1;
    patterns.col(1) = patterns.col(0);
    patterns.col(2) = patterns.col(0);

    const emergence::ColumnValues m = overlaps(states, patterns);
    CHECK(m(0) == 1.0);
    CHECK(m(1) == 0.0);
    CHECK(m(2) == -1.0);
    const emergence::ColumnValues d = hammingDistances(states, patterns);
    CHECK(d(0) == 0.0);
    CHECK(d(1) == 2.0);
    CHECK(d(2) == 4.0);

    // For bipolar states the two measures are tied by d = N (1 - m) / 2.
    const auto random = emergence::test::randomBipolar<TestType>(50, 8, 3);
    const auto other = emergence::test::randomBipolar<TestType>(50, 8, 4);
    const emergence::ColumnValues randomOverlap = overlaps(random, other);
    const emergence::ColumnValues randomDistance = hammingDistances(random, other);
    for (Eigen::Index j = 0; j < 8; ++j)
        CHECK(randomDistance(j) == Approx(50.0 * (1.0 - randomOverlap(j)) / 2.0).margin(1e-12));
}

TEMPLATE_TEST_CASE("PatternDistance_NearestPatternsMatchAPlainLoop", "[pattern_distance]", float,
                   double)
{
    const auto patterns = emergence::test::randomBipolar<TestType>(40, 30, 5);
    const auto cues = emergence::test::randomBipolar<TestType>(40, 25, 6);
    const auto nearest = nearestPatterns(cues, patterns);
    for (Eigen::Index j = 0; j < cues.cols(); ++j)
    {
        // The first pattern with the fewest differing entries.
        Eigen::Index best = 0;
        Eigen::Index bestDistance = 41;
        for (Eigen::Index p = 0; p < patterns.cols(); ++p)
        {
            const Eigen::Index distance = (cues.col(j).array() != patterns.col(p).array()).count();
            if (distance < bestDistance)
            {
                best = p;
                bestDistance = distance;
            }
        }
        CHECK(nearest(j) == best);
    }

    // A tie goes to the lower index, whichever pattern comes first: the cue differs from
    // both patterns in one entry.
    Eigen::Matrix<TestType, 3, 2> pair;
    pair << 1, 1,
            1, -1,
            -1, 1;
    Eigen::Matrix<TestType, 3, 1> between;
    between << 1, 1, 1;
    CHECK(nearestPatterns(between, pair)(0) == 0);
    CHECK(nearestPatterns(between, pair.rowwise().reverse().eval())(0) == 0);
}

TEST_CASE("PatternDistance_RejectsBadArguments", "[pattern_distance]")
{
    const Eigen::MatrixXd three = Eigen::MatrixXd::Ones(3, 2);
    CHECK_THROWS_WITH(overlaps(three, Eigen::MatrixXd::Ones(4, 2)),
                      Contains("overlaps") && Contains("3 x 2") && Contains("4 x 2"));
    CHECK_THROWS_WITH(overlaps(three, Eigen::MatrixXd::Zero(3, 2)), Contains("0"));
    CHECK_THROWS_WITH(hammingDistances(three, Eigen::MatrixXd::Ones(3, 1)),
                      Contains("hammingDistances") && Contains("3 x 1"));
    CHECK_THROWS_WITH(nearestPatterns(three, Eigen::MatrixXd::Ones(3, 0)),
                      Contains("no patterns"));
    CHECK_THROWS_WITH(nearestPatterns(three, Eigen::MatrixXd::Ones(2, 2)),
                      Contains("3 rows") && Contains("patterns 2"));
}

TEMPLATE_TEST_CASE("RandomPatterns_BitsOfTheEngineInOrder", "[pattern_distance]", float, double)
{
    // Entry k of the matrix (column-major) is bit k % 64 of draw k / 64 of mt19937_64.
    std::mt19937_64 engine(9);
    const auto patterns = randomPatterns<TestType>(50, 3, engine);
    std::mt19937_64 replay(9);
    const std::uint64_t first = replay();
    const std::uint64_t second = replay();
    for (Eigen::Index k = 0; k < 150; ++k)
    {
        const std::uint64_t draw = k < 64 ? first : (k < 128 ? second : 0);
        if (k >= 128)
            break;
        const TestType expected = ((draw >> (k % 64)) & 1U) != 0 ? TestType(1) : TestType(-1);
        CHECK(patterns.data()[k] == expected);
    }

    // Many entries: the mean is within 5 standard deviations (1/sqrt(n)) of 0.
    const auto many = randomPatterns<TestType>(1000, 100, engine);
    CHECK(std::abs(double(many.sum())) / 1e5 < 5.0 / std::sqrt(1e5));
    CHECK_THROWS_WITH(randomPatterns<TestType>(-1, 2, engine), Contains("-1 x 2"));
}
