// Tests of HopfieldNetwork: Hebbian weights worked out by hand, the field cases of issue 2,
// and the dynamics compared with plain loop implementations written from the definitions.
#include <emergence/hopfield/hopfield_network.hpp>

#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using emergence::Coding;
using emergence::HopfieldNetwork;
using emergence::RecallOptions;
using emergence::RecallStatus;
using emergence::UpdateMode;
using emergence::test::randomBipolar;
using emergence::test::MatrixOf;
using emergence::test::VectorOf;

namespace
{

const UpdateMode allModes[] = {UpdateMode::Synchronous, UpdateMode::Sequential,
                               UpdateMode::RandomOrder};

/** Rows 1..count of the Sylvester-Hadamard matrix of size n: entry (i, j) = (-1)^popcount(i&j). */
template <typename Scalar>
MatrixOf<Scalar> hadamardRows(Eigen::Index n, Eigen::Index count)
{
    MatrixOf<Scalar> rows(n, count);
    for (Eigen::Index k = 0; k < count; ++k)
        for (Eigen::Index j = 0; j < n; ++j)
        {
            int bits = 0;
            for (Eigen::Index v = (k + 1) & j; v != 0; v >>= 1)
                bits += static_cast<int>(v & 1);
            rows(j, k) = bits % 2 == 0 ? Scalar(1) : Scalar(-1);
        }
    return rows;
}

/**
 * Synchronous dynamics written straight from the definition, with the weights recomputed
 * from the patterns by loops, as a second method for the library's matrix version.
 */
template <typename Scalar>
void referenceSynchronous(const MatrixOf<Scalar>& patterns, const VectorOf<Scalar>& theta,
                          VectorOf<Scalar> state, Eigen::Index maxSweeps,
                          VectorOf<Scalar>& finalState, RecallStatus& status,
                          Eigen::Index& sweeps)
{
    const Eigen::Index n = patterns.rows();
    VectorOf<Scalar> previous = state;
    status = RecallStatus::SweepLimit;
    sweeps = 0;
    for (Eigen::Index sweep = 1; sweep <= maxSweeps; ++sweep)
    {
        VectorOf<Scalar> next(n);
        for (Eigen::Index i = 0; i < n; ++i)
        {
            double field = 0;
            for (Eigen::Index j = 0; j < n; ++j)
                for (Eigen::Index p = 0; p < patterns.cols(); ++p)
                    if (i != j)
                        field += double(patterns(i, p)) * double(patterns(j, p)) * double(state(j));
            field -= double(theta(i)) * double(n);
            next(i) = field > 0 ? Scalar(1) : (field < 0 ? Scalar(-1) : state(i));
        }
        if (next == state)
        {
            status = RecallStatus::FixedPoint;
            break;
        }
        sweeps = sweep;
        if (sweep >= 2 && next == previous)
        {
            status = RecallStatus::TwoCycle;
            state = next;
            break;
        }
        previous = state;
        state = next;
    }
    finalState = state;
}

} // namespace

TEMPLATE_TEST_CASE("HopfieldNetwork_HebbianWeightsByHand", "[hopfield]", float, double)
{
    // x1 = [1, 1, -1, -1], x2 = [1, -1, 1, -1]: W_ij = (x1_i x1_j + x2_i x2_j) / 4.
    MatrixOf<TestType> patterns(4, 2);
    patterns << 1, 1,
                1, -1,
                -1, 1,
                -1, -1;
    MatrixOf<TestType> expected(4, 4);
    expected << 0, 0, 0, -2,
                0, 0, -2, 0,
                0, -2, 0, 0,
                -2, 0, 0, 0;
    expected /= TestType(4);

    HopfieldNetwork<TestType> network(4);
    network.train(patterns);
    CHECK(network.weights() == expected);
    CHECK(network.patternCount() == 2);

    SECTION("training again adds to what is stored")
    {
        HopfieldNetwork<TestType> incremental(4);
        incremental.train(patterns.col(0));
        incremental.train(patterns.col(1));
        CHECK(incremental.weights() == expected);
        CHECK(incremental.patternCount() == 2);
    }

    SECTION("clear forgets patterns and thresholds")
    {
        network.setThresholds(VectorOf<TestType>::Constant(4, TestType(0.5)));
        network.clear();
        CHECK(network.weights() == MatrixOf<TestType>::Zero(4, 4));
        CHECK(network.thresholds() == VectorOf<TestType>::Zero(4));
        CHECK(network.patternCount() == 0);
    }

    SECTION("binary patterns are converted to bipolar before the outer products")
    {
        HopfieldNetwork<TestType> binary(4);
        binary.train(((patterns.array() + 1) / 2).matrix(), Coding::Binary);
        CHECK(binary.weights() == expected);
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_SynchronousTwoCycle", "[hopfield]", float, double)
{
    // Field case: one pattern [+1, -1]; N W = [[0, -1], [-1, 0]].
    VectorOf<TestType> pattern(2);
    pattern << 1, -1;
    HopfieldNetwork<TestType> network(2);
    network.train(pattern);
    MatrixOf<TestType> unscaled(2, 2);
    unscaled << 0, -1, -1, 0;
    REQUIRE(network.weights() * TestType(2) == unscaled);

    VectorOf<TestType> cue(2);
    cue << -1, -1;
    VectorOf<TestType> flipped(2);
    flipped << 1, 1;

    SECTION("synchronous recall reports the 2-cycle at constant energy")
    {
        RecallOptions options;
        options.mode = UpdateMode::Synchronous;
        options.maxSweeps = 50;
        const auto result = network.recall(cue, options);
        CHECK(result.status == RecallStatus::TwoCycle);
        CHECK(result.sweeps == 2);
        CHECK(result.state == cue);

        // E = -1/2 s'Ws: both states give -1/2 * 2 * (-1/2) = 1/2.
        CHECK(network.energy(cue) == TestType(0.5));
        CHECK(network.energy(flipped) == TestType(0.5));
    }

    SECTION("a sweep limit of 1 stops before the cycle can be seen")
    {
        RecallOptions options;
        options.mode = UpdateMode::Synchronous;
        options.maxSweeps = 1;
        const auto result = network.recall(cue, options);
        CHECK(result.status == RecallStatus::SweepLimit);
        CHECK(result.sweeps == 1);
        CHECK(result.state == flipped);
    }

    SECTION("asynchronous sequential recall reaches the pattern in one sweep")
    {
        const auto result = network.recall(cue);
        CHECK(result.status == RecallStatus::FixedPoint);
        CHECK(result.sweeps == 1);
        CHECK(result.state == pattern);
        CHECK(network.energy(pattern) == TestType(-0.5));
        CHECK(network.energy(pattern) <= network.energy(cue));
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_BinaryPatternsRecalledInBinary", "[hopfield]", float, double)
{
    // Field case: a = 0101010101, b = 1111100000; each probe has one unit flipped.
    MatrixOf<TestType> patterns(10, 2);
    patterns.col(0) << 0, 1, 0, 1, 0, 1, 0, 1, 0, 1;
    patterns.col(1) << 1, 1, 1, 1, 1, 0, 0, 0, 0, 0;
    VectorOf<TestType> probeA(10);
    probeA << 0, 1, 0, 1, 0, 1, 0, 1, 1, 1;
    VectorOf<TestType> probeB(10);
    probeB << 1, 1, 1, 1, 1, 0, 0, 1, 0, 0;

    HopfieldNetwork<TestType> network(10);
    network.train(patterns, Coding::Binary);

    // Unscaled Hebbian fields of the first probe, given in the issue.
    VectorOf<TestType> expectedFields(10);
    expectedFields << -10, 2, -10, 2, -10, 10, -2, 10, -6, 10;
    const VectorOf<TestType> fields = network.localFields(probeA, Coding::Binary) * TestType(10);
    // Fields are integers over 10; float rounding of the division stays below 1e-5.
    for (Eigen::Index i = 0; i < 10; ++i)
        CHECK_THAT(double(fields(i)), Catch::WithinAbs(double(expectedFields(i)), 1e-5));

    for (const UpdateMode mode : allModes)
    {
        RecallOptions options;
        options.mode = mode;
        options.coding = Coding::Binary;
        CAPTURE(emergence::updateModeName(mode));

        const auto fromA = network.recall(probeA, options);
        CHECK(fromA.state == patterns.col(0));
        CHECK(fromA.status == RecallStatus::FixedPoint);

        const auto fromB = network.recall(probeB, options);
        CHECK(fromB.state == patterns.col(1));
        CHECK(fromB.status == RecallStatus::FixedPoint);
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_CorrelatedPatternsCollapse", "[hopfield]", float, double)
{
    // Field case: N = 64, background -1, pattern k is +1 on pixels 4k..4k+3.
    MatrixOf<TestType> patterns = MatrixOf<TestType>::Constant(64, 3, TestType(-1));
    for (Eigen::Index k = 0; k < 3; ++k)
        patterns.col(k).segment(4 * k, 4).setOnes();
    const VectorOf<TestType> allLow = VectorOf<TestType>::Constant(64, TestType(-1));

    HopfieldNetwork<TestType> network(64);
    network.train(patterns);

    // Unscaled energies from the issue: sum_k (x_k . s)^2 - P N, halved and negated.
    CHECK(network.energy(allLow) * TestType(64) == TestType(-4608));
    for (Eigen::Index k = 0; k < 3; ++k)
    {
        CHECK(network.energy(patterns.col(k)) * TestType(64) == TestType(-4256));

        RecallOptions oneStep;
        oneStep.mode = UpdateMode::Synchronous;
        oneStep.maxSweeps = 1;
        const auto result = network.recall(patterns.col(k), oneStep);
        CHECK(result.state == allLow);
        CHECK(result.sweeps == 1);
    }

    for (const UpdateMode mode : allModes)
    {
        RecallOptions options;
        options.mode = mode;
        const auto result = network.recall(allLow, options);
        CHECK(result.status == RecallStatus::FixedPoint);
        CHECK(result.sweeps == 0);
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_OrthogonalPatternsAreFixedPoints", "[hopfield]", float,
                   double)
{
    // Control for the correlated case: rows 1..3 of the 64 x 64 Sylvester-Hadamard matrix
    // are orthogonal, so each is a fixed point with unscaled energy -(64^2 - 3 * 64) / 2.
    const MatrixOf<TestType> patterns = hadamardRows<TestType>(64, 3);
    HopfieldNetwork<TestType> network(64);
    network.train(patterns);

    for (Eigen::Index k = 0; k < 3; ++k)
    {
        CHECK(network.energy(patterns.col(k)) * TestType(64) == TestType(-1952));
        for (const UpdateMode mode : allModes)
        {
            RecallOptions options;
            options.mode = mode;
            const auto result = network.recall(patterns.col(k), options);
            CHECK(result.status == RecallStatus::FixedPoint);
            CHECK(result.sweeps == 0);
            CHECK(result.state == patterns.col(k));
        }
    }

    SECTION("a cue with 8 of 64 units flipped falls back to its pattern")
    {
        VectorOf<TestType> cue = patterns.col(1);
        for (Eigen::Index i = 0; i < 64; i += 8)
            cue(i) = -cue(i);
        for (const UpdateMode mode : allModes)
        {
            RecallOptions options;
            options.mode = mode;
            CHECK(network.recall(cue, options).state == patterns.col(1));
        }
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_EnergyNeverRisesAsynchronously", "[hopfield]", float, double)
{
    // Heavily loaded network (P/N = 0.4) with thresholds, so recall wanders for many sweeps.
    const std::uint64_t seed = 7;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(100, 40, seed);
    HopfieldNetwork<TestType> network(100);
    network.train(patterns);
    std::mt19937_64 engine(seed);
    std::uniform_real_distribution<double> uniform(-0.2, 0.2);
    VectorOf<TestType> theta(100);
    for (Eigen::Index i = 0; i < 100; ++i)
        theta(i) = TestType(uniform(engine));
    network.setThresholds(theta);

    // Energy from the definition with the weight matrix, a second way to compute it.
    const MatrixOf<TestType> w = network.weights();
    const auto definitionEnergy = [&](const VectorOf<TestType>& s) {
        return double(-0.5 * s.dot(w * s) + theta.dot(s));
    };

    for (const UpdateMode mode : {UpdateMode::Sequential, UpdateMode::RandomOrder})
    {
        const MatrixOf<TestType> cues = randomBipolar<TestType>(100, 10, seed + 1);
        for (Eigen::Index c = 0; c < cues.cols(); ++c)
        {
            VectorOf<TestType> state = cues.col(c);
            RecallOptions oneSweep;
            oneSweep.mode = mode;
            oneSweep.maxSweeps = 1;
            for (int sweep = 0; sweep < 30; ++sweep)
            {
                const double before = double(network.energy(state));
                CHECK_THAT(before, Catch::WithinAbs(definitionEnergy(state), 1e-3));
                state = network.recall(state, oneSweep).state;
                // Each flip lowers the energy by 2 |h_i| >= 0; allow float rounding only.
                CHECK(double(network.energy(state)) <= before + 1e-4);
            }
            RecallOptions untilStable;
            untilStable.mode = mode;
            CHECK(network.recall(state, untilStable).status == RecallStatus::FixedPoint);
        }
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_SynchronousMatchesDefinition", "[hopfield]", float, double)
{
    // Random loads on both sides of capacity, with and without thresholds: the library's
    // packed matrix-product recall must give what the loop definition gives, status and all.
    const std::uint64_t seed = 11;
    CAPTURE(seed);
    for (const Eigen::Index patternCount : {3, 12, 30})
    {
        const MatrixOf<TestType> patterns = randomBipolar<TestType>(40, patternCount, seed);
        VectorOf<TestType> theta = VectorOf<TestType>::Zero(40);
        // Thresholds of +-1/4 make N theta = +-10 exact, so ties at the threshold are real
        // ties in both implementations, with or without fused multiply-add.
        if (patternCount == 12)
            theta = randomBipolar<TestType>(40, 1, seed + 2) * TestType(0.25);
        HopfieldNetwork<TestType> network(40);
        network.train(patterns);
        network.setThresholds(theta);

        const MatrixOf<TestType> cues = randomBipolar<TestType>(40, 25, seed + 3);
        RecallOptions options;
        options.mode = UpdateMode::Synchronous;
        options.maxSweeps = 20;
        const auto batch = network.recallBatch(cues, options);

        for (Eigen::Index c = 0; c < cues.cols(); ++c)
        {
            VectorOf<TestType> expectedState;
            RecallStatus expectedStatus;
            Eigen::Index expectedSweeps = 0;
            referenceSynchronous<TestType>(patterns, theta, cues.col(c), 20, expectedState,
                                           expectedStatus, expectedSweeps);
            CAPTURE(patternCount, c);
            CHECK(batch.states.col(c) == expectedState);
            CHECK(batch.status[c] == expectedStatus);
            CHECK(batch.sweeps[c] == expectedSweeps);
        }
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_BatchEqualsOneByOne", "[hopfield]", float, double)
{
    const std::uint64_t seed = 3;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(120, 30, seed);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(120, 40, seed + 1);

    for (const UpdateMode mode : allModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        HopfieldNetwork<TestType> batchNetwork(120, 99);
        HopfieldNetwork<TestType> singleNetwork(120, 99);
        batchNetwork.train(patterns);
        singleNetwork.train(patterns);

        RecallOptions options;
        options.mode = mode;
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

TEMPLATE_TEST_CASE("HopfieldNetwork_RandomOrderIsSeeded", "[hopfield]", float, double)
{
    // At load 0.4 the end state depends on the update order, which makes the order visible.
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(100, 40, 5);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(100, 20, 6);
    RecallOptions options;
    options.mode = UpdateMode::RandomOrder;

    HopfieldNetwork<TestType> first(100, 42);
    HopfieldNetwork<TestType> second(100, 42);
    first.train(patterns);
    second.train(patterns);

    const auto a = first.recallBatch(cues, options);
    const auto b = second.recallBatch(cues, options);
    CHECK(a.states == b.states);
    CHECK(a.sweeps == b.sweeps);

    const auto again = first.recallBatch(cues, options);
    CHECK(again.states != a.states);

    first.seed(42);
    CHECK(first.recallBatch(cues, options).states == a.states);
}

TEMPLATE_TEST_CASE("HopfieldNetwork_ZeroFieldKeepsTheUnit", "[hopfield]", float, double)
{
    // With nothing stored every field is exactly 0, so every cue is already a fixed point.
    HopfieldNetwork<TestType> network(6);
    VectorOf<TestType> cue(6);
    cue << 1, -1, -1, 1, 1, -1;
    for (const UpdateMode mode : allModes)
    {
        RecallOptions options;
        options.mode = mode;
        const auto result = network.recall(cue, options);
        CHECK(result.state == cue);
        CHECK(result.status == RecallStatus::FixedPoint);
        CHECK(result.sweeps == 0);
    }

    SECTION("a positive threshold turns units off, a negative one on")
    {
        VectorOf<TestType> theta(6);
        theta << 1, 1, 1, -1, -1, -1;
        network.setThresholds(theta);
        VectorOf<TestType> expected(6);
        expected << -1, -1, -1, 1, 1, 1;
        CHECK(network.recall(cue).state == expected);
        // E = theta's: every term is -|theta_i| at the end.
        CHECK(network.energy(expected) == TestType(-6));
    }
}

TEST_CASE("HopfieldNetwork_ErrorsNameTheBadValue", "[hopfield]")
{
    using Catch::Contains;
    CHECK_THROWS_WITH(HopfieldNetwork<float>(0), Contains("units is 0"));

    HopfieldNetwork<double> network(4);
    Eigen::MatrixXd good(4, 1);
    good << 1, -1, 1, -1;
    network.train(good);
    const Eigen::MatrixXd weightsBefore = network.weights();

    SECTION("training")
    {
        CHECK_THROWS_WITH(network.train(Eigen::MatrixXd::Ones(3, 2)),
                          Contains("3 units") && Contains("the network has 4"));
        Eigen::MatrixXd half = Eigen::MatrixXd::Ones(4, 2);
        half(2, 1) = 0.5;
        CHECK_THROWS_WITH(network.train(half), Contains("(2, 1) is 0.5") && Contains("bipolar"));
        CHECK_THROWS_WITH(network.train(-Eigen::MatrixXd::Ones(4, 1), Coding::Binary),
                          Contains("is -1") && Contains("binary"));

        // Nothing was stored by the failed calls.
        CHECK(network.weights() == weightsBefore);
        CHECK(network.patternCount() == 1);
    }

    SECTION("recall")
    {
        CHECK_THROWS_WITH(network.recall(Eigen::VectorXd::Ones(5)), Contains("5 units"));
        CHECK_THROWS_WITH(network.recall(Eigen::MatrixXd::Ones(4, 2)),
                          Contains("4 x 2") && Contains("recallBatch"));
        RecallOptions options;
        options.maxSweeps = 0;
        CHECK_THROWS_WITH(network.recall(good, options), Contains("maxSweeps is 0"));
        CHECK_THROWS_WITH(network.recallBatch(Eigen::MatrixXd::Ones(3, 2)),
                          Contains("HopfieldNetwork::recallBatch: states have 3 units"));
    }

    SECTION("an empty batch is not an error and gives an empty result")
    {
        for (const UpdateMode mode : allModes)
        {
            RecallOptions options;
            options.mode = mode;
            const auto result = network.recallBatch(Eigen::MatrixXd(4, 0), options);
            CHECK(result.states.rows() == 4);
            CHECK(result.states.cols() == 0);
            CHECK(result.status.empty());
        }
    }

    SECTION("thresholds and energy")
    {
        CHECK_THROWS_WITH(network.setThresholds(Eigen::VectorXd::Zero(3)),
                          Contains("3 x 1") && Contains("expected 4 x 1"));
        Eigen::VectorXd nan = Eigen::VectorXd::Zero(4);
        nan(1) = std::numeric_limits<double>::quiet_NaN();
        CHECK_THROWS_WITH(network.setThresholds(nan), Contains("threshold 1 is nan"));
        CHECK(network.thresholds() == Eigen::VectorXd::Zero(4));
        CHECK_THROWS_WITH(network.energy(Eigen::VectorXd::Ones(2)), Contains("2 units"));
        CHECK_THROWS_WITH(network.energy(Eigen::RowVectorXd::Ones(4)),
                          Contains("state is 1 x 4, expected 4 x 1"));

        // 1e300 is a finite double but not a finite float threshold.
        HopfieldNetwork<float> small(4);
        CHECK_THROWS_WITH(small.setThresholds(Eigen::VectorXd::Constant(4, 1e300)),
                          Contains("threshold 0 is 1e+300"));
        CHECK(small.thresholds() == Eigen::VectorXf::Zero(4));
    }

    SECTION("a value next to a valid one is printed with enough digits to tell them apart")
    {
        Eigen::MatrixXf nearOne = Eigen::MatrixXf::Ones(4, 1);
        nearOne(3, 0) = std::nextafter(1.0f, 2.0f);
        HopfieldNetwork<float> small(4);
        CHECK_THROWS_WITH(small.train(nearOne), Contains("(3, 0) is 1.00000012"));
    }
}
