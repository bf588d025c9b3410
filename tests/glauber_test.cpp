// Tests of stochastic (Glauber) recall, RecallOptions::temperatures: the update probability
// against the sigmoid it should follow, the limits T -> 0 and T -> infinity, energy at T = 0,
// seeding, annealing to a fixed point, the honesty of the status, and refused schedules.
#include <emergence/hopfield/hopfield_network.hpp>

#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using emergence::Coding;
using emergence::HopfieldNetwork;
using emergence::LearningRule;
using emergence::RecallOptions;
using emergence::RecallStatus;
using emergence::UpdateMode;
using emergence::test::randomBipolar;
using emergence::test::MatrixOf;
using emergence::test::VectorOf;

namespace
{

const UpdateMode asynchronousModes[] = {UpdateMode::Sequential, UpdateMode::RandomOrder};

/// Whether no unit would change under the deterministic rule (ties keep): h_i s_i >= 0.
template <typename Scalar>
bool stable(const HopfieldNetwork<Scalar>& network, const VectorOf<Scalar>& state)
{
    return network.localFields(state).cwiseProduct(state).minCoeff() >= Scalar(0);
}

/// Options for asynchronous recall with a temperature schedule.
RecallOptions scheduled(UpdateMode mode, std::vector<double> temperatures, Eigen::Index maxSweeps)
{
    RecallOptions options;
    options.mode = mode;
    options.temperatures = std::move(temperatures);
    options.maxSweeps = maxSweeps;
    return options;
}

} // namespace

TEMPLATE_TEST_CASE("Glauber_ProbabilityIsTheSigmoid", "[glauber]", float, double)
{
    // With nothing stored, h_i = -theta_i and every unit is drawn independently, +1 with
    // probability 1 / (1 + exp(-2 h / T)) (Hertz, Krogh & Palmer eq. 2.48), whatever its
    // start. Thresholds 1/2, -1/4 and 0 at T = 1 give p = 1/(1 + e), 1/(1 + e^-0.5) and 1/2.
    const Eigen::Index third = 400;
    HopfieldNetwork<TestType> network(3 * third, 5);
    VectorOf<TestType> theta(3 * third);
    theta << VectorOf<TestType>::Constant(third, TestType(0.5)),
        VectorOf<TestType>::Constant(third, TestType(-0.25)), VectorOf<TestType>::Zero(third);
    network.setThresholds(theta);
    const double expected[] = {1 / (1 + std::exp(1.0)), 1 / (1 + std::exp(-0.5)), 0.5};

    for (const UpdateMode mode : asynchronousModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        const MatrixOf<TestType> cues = randomBipolar<TestType>(3 * third, 25, 6);
        const auto result = network.recallBatch(cues, scheduled(mode, {1.0}, 1));

        // 10,000 draws per group: the standard error is at most 0.005, the tolerance 4 of it.
        for (int group = 0; group < 3; ++group)
        {
            const auto block = result.states.middleRows(group * third, third).array();
            const double fraction = double((block > TestType(0)).count()) / double(block.size());
            CAPTURE(group, fraction);
            CHECK_THAT(fraction, Catch::WithinAbs(expected[group], 0.02));
        }
    }
}

TEMPLATE_TEST_CASE("Glauber_TinyTemperatureIsDeterministic", "[glauber]", float, double)
{
    // N = 100 and P = 15: each Hebbian field N h_i sums (N - 1) P = 1485 terms of +-1, an
    // odd number, so no field is ever 0 and |h| >= 1/100. At T = 1e-6, 2 h / T >= 2e4 and
    // the sigmoid is exactly 0 or 1: the stochastic rule must reproduce the sign rule.
    const std::uint64_t seed = 43;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(100, 15, seed);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(100, 30, seed + 1);

    for (const UpdateMode mode : asynchronousModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        HopfieldNetwork<TestType> deterministic(100);
        HopfieldNetwork<TestType> stochastic(100);
        deterministic.train(patterns);
        stochastic.train(patterns);
        RecallOptions plain;
        plain.mode = mode;
        const RecallOptions cold = scheduled(mode, {1e-6}, 100);

        Eigen::Index totalSweeps = 0;
        Eigen::Index totalFlips = 0;
        for (Eigen::Index c = 0; c < cues.cols(); ++c)
        {
            // Reseeded for each cue, so that both draw the same random update order.
            CAPTURE(c);
            deterministic.seed(100 + std::uint64_t(c));
            stochastic.seed(100 + std::uint64_t(c));
            const auto expected = deterministic.recall(cues.col(c), plain);
            const auto actual = stochastic.recall(cues.col(c), cold);
            CHECK(actual.state == expected.state);
            CHECK(actual.sweeps == expected.sweeps);
            CHECK(expected.status == RecallStatus::FixedPoint);
            CHECK(actual.status == RecallStatus::FixedPoint);
            totalSweeps += expected.sweeps;
            totalFlips += (expected.state.array() != cues.col(c).array()).count();
        }

        // A real comparison: the cues travel, over several sweeps each.
        CAPTURE(totalSweeps, totalFlips);
        CHECK(totalSweeps >= 2 * cues.cols());
        CHECK(totalFlips >= 10 * cues.cols());
    }
}

TEMPLATE_TEST_CASE("Glauber_ZeroTemperatureIsTheSignRule", "[glauber]", float, double)
{
    // N = 100 and P = 40: fields are even integers over N, so ties occur and must keep.
    const std::uint64_t seed = 47;
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(100, 40, seed);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(100, 30, seed + 1);

    for (const UpdateMode mode : asynchronousModes)
    {
        for (const std::vector<double>& zeros :
             {std::vector<double>{0.0}, std::vector<double>{0.0, 0.0, 0.0}})
        {
            CAPTURE(emergence::updateModeName(mode), zeros.size());
            HopfieldNetwork<TestType> deterministic(100, 7);
            HopfieldNetwork<TestType> cold(100, 7);
            deterministic.train(patterns);
            cold.train(patterns);
            RecallOptions plain;
            plain.mode = mode;

            // Seeds are drawn per cue in the same order (the order seed comes first), so a
            // single cue is compared on freshly seeded networks.
            for (Eigen::Index c = 0; c < cues.cols(); ++c)
            {
                deterministic.seed(200 + std::uint64_t(c));
                cold.seed(200 + std::uint64_t(c));
                const auto expected = deterministic.recall(cues.col(c), plain);
                const auto actual = cold.recall(cues.col(c), scheduled(mode, zeros, 100));
                CHECK(actual.state == expected.state);
                CHECK(actual.status == expected.status);
                CHECK(actual.sweeps == expected.sweeps);
            }
        }
    }

    SECTION("a unit at a tie keeps its value at T = 0 and not above it")
    {
        // Nothing stored: every field is exactly 0.
        HopfieldNetwork<TestType> empty(1000, 3);
        const VectorOf<TestType> cue = VectorOf<TestType>::Ones(1000);
        const auto atZero = empty.recall(cue, scheduled(UpdateMode::Sequential, {0.0}, 5));
        CHECK(atZero.state == cue);
        CHECK(atZero.status == RecallStatus::FixedPoint);
        CHECK(atZero.sweeps == 0);

        // At T = 1e-6 a tie is a fair coin: about half the units turn to -1.
        const auto hot = empty.recall(cue, scheduled(UpdateMode::Sequential, {1e-6}, 1));
        const double down = double((hot.state.array() < TestType(0)).count()) / 1000.0;
        CHECK_THAT(down, Catch::WithinAbs(0.5, 0.07));
    }
}

TEMPLATE_TEST_CASE("Glauber_HighTemperatureForgets", "[glauber]", float, double)
{
    // At T = 1e6 every unit is a fair coin, so after a few sweeps the state is random and its
    // overlap with any stored pattern is of order 1 / sqrt(N) = 0.03.
    const std::uint64_t seed = 53;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(1000, 50, seed);
    HopfieldNetwork<TestType> network(1000);
    network.train(patterns);

    for (const UpdateMode mode : asynchronousModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        const auto hot = network.recallBatch(patterns, scheduled(mode, {1e6}, 5));
        const MatrixOf<TestType> overlaps =
            patterns.transpose() * hot.states / TestType(patterns.rows());
        const double meanAbsolute = double(overlaps.cwiseAbs().mean());
        CAPTURE(meanAbsolute);
        CHECK(meanAbsolute < 0.1);

        // A random state is no fixed point, and the status says so.
        for (Eigen::Index c = 0; c < hot.states.cols(); ++c)
        {
            CHECK(!stable<TestType>(network, hot.states.col(c)));
            CHECK(hot.status[c] == RecallStatus::SweepLimit);
        }

        // Control: at T = 0 the patterns, well below capacity, stay (almost) where they are.
        const auto cold = network.recallBatch(patterns, scheduled(mode, {0.0}, 5));
        const MatrixOf<TestType> kept = patterns.transpose() * cold.states;
        CHECK(double(kept.diagonal().mean()) / double(patterns.rows()) >= 0.99);
    }
}

TEMPLATE_TEST_CASE("Glauber_EnergyNeverRisesAtZeroTemperature", "[glauber]", float, double)
{
    // The deterministic guarantee, through the schedule path, for integer (Hebbian) and
    // non-integer (Storkey) couplings, with thresholds; P/N = 0.4 keeps recall moving.
    const std::uint64_t seed = 59;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(100, 40, seed);
    const VectorOf<TestType> theta =
        randomBipolar<TestType>(100, 1, seed + 1) * TestType(0.125);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(100, 8, seed + 2);

    for (const LearningRule rule : {LearningRule::Hebbian, LearningRule::Storkey})
    {
        HopfieldNetwork<TestType> network(100);
        network.train(patterns, Coding::Bipolar, rule);
        network.setThresholds(theta);
        for (const UpdateMode mode : asynchronousModes)
        {
            CAPTURE(emergence::learningRuleName(rule), emergence::updateModeName(mode));
            for (Eigen::Index c = 0; c < cues.cols(); ++c)
            {
                VectorOf<TestType> state = cues.col(c);
                for (int sweep = 0; sweep < 20; ++sweep)
                {
                    const double before = double(network.energy(state));
                    state = network.recall(state, scheduled(mode, {0.0}, 1)).state;
                    // Each flip lowers the energy by 2 |h_i| >= 0. Allowed: float rounding of
                    // s'(NW)s, a sum of 10^4 non-integer terms, relative to the energy.
                    CHECK(double(network.energy(state)) <= before + 1e-5 * (1 + std::abs(before)));
                }
            }
        }
    }
}

TEMPLATE_TEST_CASE("Glauber_SeededAndReproducible", "[glauber]", float, double)
{
    // T = 0.5 at load 0.1: many units keep changing, so the draws are visible in the result.
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(200, 20, 61);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(200, 10, 62);

    for (const UpdateMode mode : asynchronousModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        const RecallOptions options = scheduled(mode, {0.5}, 20);
        HopfieldNetwork<TestType> first(200, 42);
        HopfieldNetwork<TestType> second(200, 42);
        HopfieldNetwork<TestType> other(200, 43);
        first.train(patterns);
        second.train(patterns);
        other.train(patterns);

        const auto a = first.recallBatch(cues, options);
        const auto b = second.recallBatch(cues, options);
        CHECK(a.states == b.states);
        CHECK(a.status == b.status);
        CHECK(a.sweeps == b.sweeps);

        CHECK(other.recallBatch(cues, options).states != a.states);
        CHECK(first.recallBatch(cues, options).states != a.states);
        first.seed(42);
        CHECK(first.recallBatch(cues, options).states == a.states);
    }
}

TEMPLATE_TEST_CASE("Glauber_BatchEqualsOneByOne", "[glauber]", float, double)
{
    // Seeds are drawn per cue in column order before the (parallel) work, so a batch gives
    // what recall() of one cue after the other gives, whatever the number of threads.
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(120, 20, 67);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(120, 40, 68);

    for (const UpdateMode mode : asynchronousModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        HopfieldNetwork<TestType> batchNetwork(120, 99);
        HopfieldNetwork<TestType> singleNetwork(120, 99);
        batchNetwork.train(patterns, Coding::Bipolar, LearningRule::Storkey);
        singleNetwork.train(patterns, Coding::Bipolar, LearningRule::Storkey);

        const RecallOptions options = scheduled(mode, {1.0, 0.5, 0.25, 0.0}, 50);
        const auto batch = batchNetwork.recallBatch(cues, options);
        for (Eigen::Index c = 0; c < cues.cols(); ++c)
        {
            const auto single = singleNetwork.recall(cues.col(c), options);
            CHECK(batch.states.col(c) == single.state);
            CHECK(batch.status[c] == single.status);
            CHECK(batch.sweeps[c] == single.sweeps);
        }
    }
}

TEMPLATE_TEST_CASE("Glauber_AnnealingEndsAtAFixedPoint", "[glauber]", float, double)
{
    // A geometric schedule from T = 2 down to 0.02 over 30 sweeps, then T = 0: recall must
    // stop at a state that the sign rule leaves alone, checked here through the fields.
    const std::uint64_t seed = 71;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(200, 20, seed);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(200, 20, seed + 1);
    std::vector<double> schedule;
    for (int k = 0; k < 30; ++k)
        schedule.push_back(2.0 * std::pow(0.01, k / 29.0));
    schedule.push_back(0.0);

    for (const UpdateMode mode : asynchronousModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        HopfieldNetwork<TestType> network(200, 73);
        network.train(patterns);
        const auto result = network.recallBatch(cues, scheduled(mode, schedule, 200));
        for (Eigen::Index c = 0; c < cues.cols(); ++c)
        {
            CAPTURE(c);
            CHECK(result.status[c] == RecallStatus::FixedPoint);
            CHECK(stable<TestType>(network, result.states.col(c)));
        }
    }

    SECTION("a schedule that stays hot is checked at the end, honestly")
    {
        // Cues are the stored patterns at load 0.1, whose fields are near +-1. At T = 0.05
        // (2h/T near 40) they mostly stay put and the final check finds fixed points; at
        // T = 0.7 about 5 % of the units flip each sweep and it does not. Either way the
        // status must agree with the fields.
        HopfieldNetwork<TestType> network(200, 79);
        network.train(patterns);
        for (const double temperature : {0.05, 0.7})
        {
            CAPTURE(temperature);
            const auto result = network.recallBatch(
                patterns, scheduled(UpdateMode::RandomOrder, {temperature}, 10));
            for (Eigen::Index c = 0; c < patterns.cols(); ++c)
            {
                const bool isStable = stable<TestType>(network, result.states.col(c));
                CHECK((result.status[c] == RecallStatus::FixedPoint) == isStable);
            }
            if (temperature < 0.1)
                CHECK(result.count(RecallStatus::FixedPoint) > 0);
            else
                CHECK(result.count(RecallStatus::SweepLimit) > 0);
        }
    }
}

TEST_CASE("Glauber_BadSchedulesRefused", "[glauber]")
{
    using Catch::Contains;
    HopfieldNetwork<double> network(64, 11);
    const Eigen::VectorXd cue = randomBipolar<double>(64, 1, 13);
    network.train(cue);

    CHECK_THROWS_WITH(network.recall(cue, scheduled(UpdateMode::Sequential, {1.0, -1.0}, 10)),
                      Contains("HopfieldNetwork::recall: temperature 1 is -1, expected a "
                               "finite value >= 0"));
    CHECK_THROWS_WITH(
        network.recallBatch(cue, scheduled(UpdateMode::RandomOrder,
                                           {std::numeric_limits<double>::quiet_NaN()}, 10)),
        Contains("HopfieldNetwork::recallBatch: temperature 0 is nan"));
    CHECK_THROWS_WITH(
        network.recall(cue, scheduled(UpdateMode::Sequential,
                                      {0.0, std::numeric_limits<double>::infinity()}, 10)),
        Contains("temperature 1 is inf"));
    CHECK_THROWS_WITH(network.recall(cue, scheduled(UpdateMode::Synchronous, {1.0}, 10)),
                      Contains("needs asynchronous updates, got mode sync"));
    CHECK_THROWS_WITH(network.recall(cue, scheduled(UpdateMode::Sequential, {3, 2, 1}, 2)),
                      Contains("schedule has 3 entries, expected at most maxSweeps (2)"));

    // The refused calls drew nothing from the engine: recall repeats a fresh network's.
    HopfieldNetwork<double> fresh(64, 11);
    fresh.train(cue);
    const RecallOptions hot = scheduled(UpdateMode::RandomOrder, {5.0}, 3);
    CHECK(network.recall(cue, hot).state == fresh.recall(cue, hot).state);
}
