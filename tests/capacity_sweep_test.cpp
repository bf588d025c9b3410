// Tests of hopfield/capacity_sweep.hpp: the Hebbian collapse near 0.138 N, the
// pseudo-inverse rule's exact storage, orthogonal patterns, and argument checks.
#include <emergence/hopfield/capacity_sweep.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <vector>

using Catch::Matchers::Contains;
using emergence::CapacityOptions;
using emergence::CapacityPoint;
using emergence::LearningRule;

TEST_CASE("CapacitySweep_HebbianCollapsesBetweenLoads010And020", "[capacity]")
{
    // Amit, Gutfreund & Sompolinsky: recall started at a stored pattern keeps an overlap
    // near 0.99 below the critical load 0.138 and falls to about 0.3 to 0.5 above it.
    std::mt19937_64 engine(1);
    CapacityOptions options;
    const std::vector<CapacityPoint> points =
        emergence::capacitySweep<float>(1000, {0.02, 0.10, 0.20}, options, engine);
    REQUIRE(points.size() == 3);
    CHECK(points[0].patterns == 20);
    CHECK(points[0].recalledFraction == 1.0);
    CHECK(points[1].patterns == 100);
    CHECK(points[1].meanOverlap >= 0.99);
    CHECK(points[2].patterns == 200);
    CHECK(points[2].meanOverlap < 0.6);
    CHECK(points[2].recalledFraction < 0.05);
}

TEST_CASE("CapacitySweep_PseudoInverseStoresHalfOfN", "[capacity]")
{
    // Every stored pattern is a fixed point of the projection rule while the patterns are
    // linearly independent, which random ones of 200 units are at 100 patterns.
    std::mt19937_64 engine(2);
    CapacityOptions options;
    options.rule = LearningRule::PseudoInverse;
    const auto points = emergence::capacitySweep<double>(200, {0.25, 0.5}, options, engine);
    CHECK(points[0].recalledFraction == 1.0);
    CHECK(points[1].recalledFraction == 1.0);
    CHECK(points[1].meanOverlap == 1.0);
}

TEST_CASE("CapacitySweep_GivenOrthogonalPatternsAreFixedPoints", "[capacity]")
{
    // Rows of a Sylvester-Hadamard matrix are orthogonal: with the Hebbian rule the field of
    // each stored pattern is (N - P) x / N, so all P < N of them are fixed points.
    const Eigen::Index n = 32;
    Eigen::MatrixXf hadamard(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            hadamard(i, j) = __builtin_popcountll(std::uint64_t(i & j)) % 2 == 0 ? 1.0f : -1.0f;
    std::mt19937_64 engine(3);
    CapacityOptions options;
    options.trials = 2;
    const auto points =
        emergence::capacitySweep<float>(hadamard.rightCols(n - 1), {0.25, 0.5, 0.9}, options,
                                        engine);
    for (const CapacityPoint& point : points)
    {
        CHECK(point.recalledFraction == 1.0);
        CHECK(point.meanOverlap == 1.0);
    }
    CHECK(points[2].patterns == 29);
}

TEST_CASE("CapacitySweep_SameSeedSameSweep", "[capacity]")
{
    CapacityOptions options;
    options.cueNoise = 0.1;
    options.recall.mode = emergence::UpdateMode::RandomOrder;
    std::mt19937_64 first(4);
    std::mt19937_64 second(4);
    const auto a = emergence::capacitySweep<float>(300, {0.12, 0.16}, options, first);
    const auto b = emergence::capacitySweep<float>(300, {0.12, 0.16}, options, second);
    for (std::size_t k = 0; k < a.size(); ++k)
    {
        CHECK(a[k].recalledFraction == b[k].recalledFraction);
        CHECK(a[k].meanOverlap == b[k].meanOverlap);
    }
}

TEST_CASE("CapacitySweep_RejectsBadArguments", "[capacity]")
{
    std::mt19937_64 engine(5);
    CapacityOptions options;
    CHECK_THROWS_WITH(emergence::capacitySweep<float>(100, {0.1, 0.0}, options, engine),
                      Contains("load 1 is 0"));
    CHECK_THROWS_WITH(emergence::capacitySweep<float>(100, {1.5}, options, engine),
                      Contains("load 0 is 1.5") && Contains("100 patterns"));
    CHECK_THROWS_WITH(emergence::capacitySweep<float>(0, {0.1}, options, engine),
                      Contains("0 units"));
    CHECK_THROWS_WITH(
        emergence::capacitySweep<float>(Eigen::MatrixXf::Ones(10, 3), {0.5}, options, engine),
        Contains("load 0 is 0.5") && Contains("3 patterns for 10 units"));
    CHECK_THROWS_WITH(
        emergence::capacitySweep<float>(Eigen::MatrixXf::Zero(10, 3), {0.1}, options, engine),
        Contains("patterns") && Contains("0"));
    options.cueNoise = 1.5;
    CHECK_THROWS_WITH(emergence::capacitySweep<float>(100, {0.1}, options, engine),
                      Contains("cueNoise is 1.5"));
    options.cueNoise = 0.0;
    options.trials = 0;
    CHECK_THROWS_WITH(emergence::capacitySweep<float>(100, {0.1}, options, engine),
                      Contains("trials is 0"));
    options.trials = 1;
    options.recall.coding = emergence::Coding::Binary;
    CHECK_THROWS_WITH(emergence::capacitySweep<float>(100, {0.1}, options, engine),
                      Contains("binary"));
}
