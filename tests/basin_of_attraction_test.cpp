// Tests of hopfield/basin_of_attraction.hpp against basins worked out by hand.
#include <emergence/hopfield/basin_of_attraction.hpp>

#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using Catch::Matchers::Contains;
using emergence::BasinOptions;
using emergence::HopfieldNetwork;

TEMPLATE_TEST_CASE("BasinOfAttraction_OnePatternReachesHalfOfN", "[basin]", float, double)
{
    // One stored pattern x of N = 100 units: a cue s with d flipped entries has x's = N - 2d,
    // so every field h_i = x_i (x's - s_i x_i) / N has the sign of x_i while d < N / 2 - 1/2,
    // and sequential updates only raise the overlap: recall is certain up to 48 flips
    // (fraction 0.48) and at 50 the cue is as near to -x as to x.
    const auto pattern = emergence::test::randomBipolar<TestType>(100, 1, 7);
    HopfieldNetwork<TestType> network(100);
    network.train(pattern);
    BasinOptions options;
    options.trials = 10;
    std::mt19937_64 engine(8);
    const auto estimate = emergence::basinOfAttraction(network, pattern, options, engine);

    REQUIRE(estimate.fractions.size() == 26);
    CHECK(estimate.fractions.back() == Approx(0.5));
    CHECK(estimate.radius(0) == Approx(0.48));
    for (std::size_t k = 0; k + 1 < estimate.fractions.size(); ++k)
        CHECK(estimate.recallRate(0, Eigen::Index(k)) == 1.0);
    CHECK(estimate.recallRate(0, 25) < 0.9);
}

TEST_CASE("BasinOfAttraction_NotAMemoryHasNoRadius", "[basin]")
{
    // Thresholds of -10 make every field positive: the all +1 state attracts every cue
    // (radius = the largest fraction tried) and a pattern with a -1 entry is never recalled,
    // not even from itself.
    HopfieldNetwork<double> network(20);
    network.setThresholds(Eigen::VectorXd::Constant(20, -10.0));
    Eigen::MatrixXd patterns = Eigen::MatrixXd::Ones(20, 2);
    patterns(3, 1) = -1.0;
    BasinOptions options;
    options.trials = 5;
    options.step = 0.1;
    options.maxFraction = 0.3;
    std::mt19937_64 engine(9);
    const auto estimate = emergence::basinOfAttraction(network, patterns, options, engine);

    REQUIRE(estimate.fractions.size() == 4);
    CHECK(estimate.radius(0) == Approx(0.3));
    CHECK(std::isnan(estimate.radius(1)));
    CHECK(estimate.recallRate(1, 0) == 0.0);
    CHECK(std::isnan(estimate.recallRate(1, 1)));
}

TEST_CASE("BasinOfAttraction_RejectsBadArguments", "[basin]")
{
    HopfieldNetwork<float> network(10);
    const Eigen::MatrixXf patterns = Eigen::MatrixXf::Ones(10, 1);
    std::mt19937_64 engine(10);
    BasinOptions options;
    CHECK_THROWS_WITH(emergence::basinOfAttraction(network, Eigen::MatrixXf::Ones(9, 1), options,
                                                   engine),
                      Contains("9 rows") && Contains("10 units"));
    options.probability = 0.0;
    CHECK_THROWS_WITH(emergence::basinOfAttraction(network, patterns, options, engine),
                      Contains("probability is 0"));
    options.probability = 0.9;
    options.step = std::nan("");
    CHECK_THROWS_WITH(emergence::basinOfAttraction(network, patterns, options, engine),
                      Contains("step is nan"));
    options.step = 1e-300;
    CHECK_THROWS_WITH(emergence::basinOfAttraction(network, patterns, options, engine),
                      Contains("step is 1e-300"));
    options.step = 0.1;
    options.maxFraction = 2.0;
    CHECK_THROWS_WITH(emergence::basinOfAttraction(network, patterns, options, engine),
                      Contains("maxFraction is 2"));
    options.maxFraction = 0.5;
    options.trials = -3;
    CHECK_THROWS_WITH(emergence::basinOfAttraction(network, patterns, options, engine),
                      Contains("trials is -3"));
}
