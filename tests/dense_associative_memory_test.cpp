// Tests of DenseAssociativeMemory: updates against brute-force energies of every state of a
// tiny memory, degree 2 against the classical network, capacity beyond the classical
// limit, overflow-free recall at N = 784, energy descent, reproducibility and errors.
#include <emergence/hopfield/dense_associative_memory.hpp>
#include <emergence/hopfield/hopfield_network.hpp>
#include <emergence/image/flip_pixels.hpp>

#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using emergence::Coding;
using emergence::DenseAssociativeMemory;
using emergence::HopfieldNetwork;
using emergence::Interaction;
using emergence::RecallOptions;
using emergence::RecallStatus;
using emergence::UpdateMode;
using emergence::test::randomBipolar;
using emergence::test::MatrixOf;
using emergence::test::VectorOf;

namespace
{

const UpdateMode asynchronousModes[] = {UpdateMode::Sequential, UpdateMode::RandomOrder};

/** Every interaction kind, with low degrees that tiny integer cases keep exact. */
std::vector<Interaction> someInteractions()
{
    return {Interaction::polynomial(2),          Interaction::polynomial(3),
            Interaction::polynomial(4),          Interaction::rectifiedPolynomial(2),
            Interaction::rectifiedPolynomial(3), Interaction::exponential()};
}

/** A description of an interaction for CAPTURE. */
std::string describe(const Interaction& interaction)
{
    return std::string(emergence::interactionName(interaction.kind())) + " of degree " +
           std::to_string(interaction.degree());
}

/** F(z) straight from its definition, in double. */
double interactionValue(const Interaction& interaction, double z)
{
    switch (interaction.kind())
    {
    case Interaction::Kind::Polynomial:
        return std::pow(z, interaction.degree());
    case Interaction::Kind::RectifiedPolynomial:
        return z > 0 ? std::pow(z, interaction.degree()) : 0.0;
    case Interaction::Kind::Exponential:
        return std::exp(z);
    }
    return 0.0;
}

/** E(s) = -sum_mu F(x_mu . s) by loops in double, for states small enough not to overflow. */
double bruteForceEnergy(const Eigen::MatrixXd& patterns, const Eigen::VectorXd& state,
                        const Interaction& interaction)
{
    double energy = 0;
    for (Eigen::Index mu = 0; mu < patterns.cols(); ++mu)
    {
        double overlap = 0;
        for (Eigen::Index i = 0; i < patterns.rows(); ++i)
            overlap += patterns(i, mu) * state(i);
        energy -= interactionValue(interaction, overlap);
    }
    return energy;
}

/**
 * Sequential recall written from the definition: each unit takes the value whose energy,
 * computed by brute force with that unit at +1 and at -1, is lower. Differences within
 * 1e-12 of the energies' size are rounding of the sums and count as ties, which keep the
 * unit; the library's rule is the same with margin 1e-10.
 */
void bruteForceRecall(const Eigen::MatrixXd& patterns, Eigen::VectorXd& state,
                      const Interaction& interaction, Eigen::Index& sweeps)
{
    sweeps = 0;
    while (true)
    {
        bool changed = false;
        for (Eigen::Index i = 0; i < state.size(); ++i)
        {
            Eigen::VectorXd up = state;
            Eigen::VectorXd down = state;
            up(i) = 1;
            down(i) = -1;
            const double upEnergy = bruteForceEnergy(patterns, up, interaction);
            const double downEnergy = bruteForceEnergy(patterns, down, interaction);
            const double tie = 1e-12 * (std::abs(upEnergy) + std::abs(downEnergy));
            double next = state(i);
            if (upEnergy < downEnergy - tie)
                next = 1;
            else if (downEnergy < upEnergy - tie)
                next = -1;
            changed = changed || next != state(i);
            state(i) = next;
        }
        if (!changed)
            return;
        ++sweeps;
    }
}

/** Column `index` of the n-bit table of bipolar states: bit k of `index` gives unit k. */
Eigen::VectorXd bipolarBits(Eigen::Index index, Eigen::Index n)
{
    Eigen::VectorXd state(n);
    for (Eigen::Index k = 0; k < n; ++k)
        state(k) = ((index >> k) & 1) ? 1.0 : -1.0;
    return state;
}

} // namespace

TEMPLATE_TEST_CASE("DenseAssociativeMemory_UpdatesMatchBruteForceEnergies", "[dense_memory]",
                   float, double)
{
    // Every one of the 2^7 states of a 7-unit memory with 4 patterns, for every kind of F.
    const std::uint64_t seed = 2;
    CAPTURE(seed);
    const Eigen::MatrixXd patterns = randomBipolar<double>(7, 4, seed);

    for (const Interaction& interaction : someInteractions())
    {
        CAPTURE(describe(interaction));
        DenseAssociativeMemory<TestType> memory(patterns.cast<TestType>(), interaction);
        MatrixOf<TestType> cues(7, 128);
        for (Eigen::Index index = 0; index < 128; ++index)
            cues.col(index) = bipolarBits(index, 7).cast<TestType>();
        const auto batch = memory.recallBatch(cues);

        for (Eigen::Index index = 0; index < 128; ++index)
        {
            CAPTURE(index);
            Eigen::VectorXd expected = bipolarBits(index, 7);
            Eigen::Index expectedSweeps = 0;
            bruteForceRecall(patterns, expected, interaction, expectedSweeps);
            CHECK(batch.states.col(index) == expected.cast<TestType>());
            CHECK(batch.status[index] == RecallStatus::FixedPoint);
            CHECK(batch.sweeps[index] == expectedSweeps);
        }
    }
}

TEMPLATE_TEST_CASE("DenseAssociativeMemory_TiesKeepTheUnit", "[dense_memory]", float, double)
{
    // x1 = (1, 1, 1), x2 = (-1, 1, 1). From s = (1, 1, 1) the overlaps are (3, 1); flipping
    // unit 0 makes them (1, 3), the same values swapped, so the energy is the same for any
    // F and unit 0 must stay. Flipping unit 1 or 2 lowers both overlaps, which raises E.
    MatrixOf<TestType> patterns(3, 2);
    patterns << 1, -1,
                1, 1,
                1, 1;
    VectorOf<TestType> state(3);
    state << 1, 1, 1;
    VectorOf<TestType> flipped = state;
    flipped(0) = -1;

    for (const Interaction& interaction : someInteractions())
    {
        CAPTURE(describe(interaction));
        DenseAssociativeMemory<TestType> memory(patterns, interaction);
        CHECK(memory.energy(state) == memory.energy(flipped));
        for (const UpdateMode mode : asynchronousModes)
        {
            RecallOptions options;
            options.mode = mode;
            const auto result = memory.recall(state, options);
            CHECK(result.state == state);
            CHECK(result.status == RecallStatus::FixedPoint);
            CHECK(result.sweeps == 0);
        }
    }
}

TEMPLATE_TEST_CASE("DenseAssociativeMemory_DegreeTwoIsTheClassicalNetwork", "[dense_memory]",
                   float, double)
{
    // For F(z) = z^2 the energy difference of unit i is 4 times the Hebbian field
    // sum_(j != i) sum_mu x_mu,i x_mu,j s_j, so recall must follow HopfieldNetwork's exactly,
    // random orders included (same seed, same order scheme). Load 0.25, random cues: recall
    // wanders for several sweeps and often ends away from the patterns.
    const std::uint64_t seed = 3;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(120, 30, seed);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(120, 40, seed + 1);

    for (const UpdateMode mode : asynchronousModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        HopfieldNetwork<TestType> network(120, 99);
        network.train(patterns);
        DenseAssociativeMemory<TestType> memory(patterns, Interaction::polynomial(2),
                                                Coding::Bipolar, 99);
        RecallOptions options;
        options.mode = mode;

        const auto classical = network.recallBatch(cues, options);
        const auto dense = memory.recallBatch(cues, options);
        CHECK(dense.states == classical.states);
        CHECK(dense.status == classical.status);
        CHECK(dense.sweeps == classical.sweeps);
    }
}

TEMPLATE_TEST_CASE("DenseAssociativeMemory_CapacityBeyondClassical", "[dense_memory]", float,
                   double)
{
    // 40 random patterns of 100 units: load 0.4, far above the classical 0.138, where
    // Hebbian recall drifts away from the patterns. Degree 3 stores of order
    // N^2 / (6 ln N) ~ 360 patterns (Krotov & Hopfield), the exponential far more.
    const std::uint64_t seed = 6;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(100, 40, seed);
    std::mt19937_64 engine(seed + 1);
    const MatrixOf<TestType> cues = emergence::flipPixels(patterns, 0.1, engine);

    HopfieldNetwork<TestType> classical(100);
    classical.train(patterns);
    const auto hebbian = classical.recallBatch(cues);
    Eigen::Index hebbianRecovered = 0;
    for (Eigen::Index c = 0; c < cues.cols(); ++c)
        hebbianRecovered += hebbian.states.col(c) == patterns.col(c) ? 1 : 0;
    CAPTURE(hebbianRecovered);
    CHECK(hebbianRecovered <= 4);

    for (const Interaction& interaction :
         {Interaction::polynomial(3), Interaction::rectifiedPolynomial(3),
          Interaction::exponential()})
    {
        CAPTURE(describe(interaction));
        DenseAssociativeMemory<TestType> memory(patterns, interaction);
        const auto dense = memory.recallBatch(cues);
        CHECK(dense.states == patterns);
        CHECK(dense.count(RecallStatus::FixedPoint) == 40);
    }
}

TEMPLATE_TEST_CASE("DenseAssociativeMemory_HugeOverlapsStayFinite", "[dense_memory]", float,
                   double)
{
    // N = 784: e^784 overflows float and double, and 784^30 overflows float. A cue with
    // 30% of its units flipped keeps overlap 784 - 2 * 235 = 314 with its pattern; other
    // patterns overlap it by about 28 * 3 at most.
    const std::uint64_t seed = 9;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(784, 200, seed);
    std::mt19937_64 engine(seed + 1);
    const MatrixOf<TestType> cues = emergence::flipPixels(patterns.leftCols(12), 0.3, engine);

    SECTION("exponential")
    {
        DenseAssociativeMemory<TestType> memory(patterns, Interaction::exponential());
        const auto result = memory.recallBatch(cues);
        CHECK(result.states.allFinite());
        CHECK(result.states == patterns.leftCols(12));

        // -log(sum_mu e^(x_mu . s)): at a pattern 784 dominates every other term by more
        // than e^600, so the value is -784 to double precision; at a cue it is near -314.
        CHECK_THAT(memory.energy(patterns.col(0)), Catch::WithinAbs(-784.0, 1e-9));
        const double cueEnergy = memory.energy(cues.col(0));
        CHECK(std::isfinite(cueEnergy));
        CHECK_THAT(cueEnergy, Catch::WithinAbs(-314.0, 1e-9));
    }

    SECTION("polynomial of degree 30")
    {
        DenseAssociativeMemory<TestType> memory(patterns, Interaction::polynomial(30));
        const auto result = memory.recallBatch(cues);
        CHECK(result.states == patterns.leftCols(12));

        // E / N^30 = -sum_mu (x_mu . s / 784)^30: -1 at a pattern (the others add less than
        // 200 * (100 / 784)^30 ~ 1e-25), -(314 / 784)^30 ~ -1.2e-12 at a cue.
        CHECK_THAT(memory.energy(patterns.col(0)), Catch::WithinAbs(-1.0, 1e-12));
        CHECK_THAT(memory.energy(cues.col(0)),
                   Catch::WithinRel(-std::pow(314.0 / 784.0, 30), 1e-6));
    }
}

TEMPLATE_TEST_CASE("DenseAssociativeMemory_EnergyNeverRises", "[dense_memory]", float, double)
{
    // Load 0.8 and random cues, so recall wanders; the energy is checked after every
    // sweep, and against the definition computed by brute force (N = 50 keeps e^50 and
    // 50^4 finite in double).
    const std::uint64_t seed = 12;
    CAPTURE(seed);
    const Eigen::MatrixXd patterns = randomBipolar<double>(50, 40, seed);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(50, 8, seed + 1);

    for (const Interaction& interaction : someInteractions())
    {
        CAPTURE(describe(interaction));
        DenseAssociativeMemory<TestType> memory(patterns.cast<TestType>(), interaction);
        const auto definition = [&](const VectorOf<TestType>& s) {
            const double energy = bruteForceEnergy(patterns, s.template cast<double>(),
                                                   interaction);
            if (interaction.kind() == Interaction::Kind::Exponential)
                return -std::log(-energy);
            return energy / std::pow(50.0, interaction.degree());
        };

        for (const UpdateMode mode : asynchronousModes)
        {
            for (Eigen::Index c = 0; c < cues.cols(); ++c)
            {
                CAPTURE(emergence::updateModeName(mode), c);
                VectorOf<TestType> state = cues.col(c);
                RecallOptions oneSweep;
                oneSweep.mode = mode;
                oneSweep.maxSweeps = 1;
                bool settled = false;
                for (int sweep = 0; sweep < 50 && !settled; ++sweep)
                {
                    const double before = memory.energy(state);
                    // Both forms are sums of at most 40 terms of size at most 1 (or a
                    // log-sum-exp near -50): double rounding stays far below 1e-10.
                    CHECK_THAT(before, Catch::WithinAbs(definition(state), 1e-10));
                    const auto result = memory.recall(state, oneSweep);
                    CHECK(memory.energy(result.state) <= before);
                    settled = result.status == RecallStatus::FixedPoint;
                    state = result.state;
                }
                CHECK(settled);
            }
        }
    }
}

TEMPLATE_TEST_CASE("DenseAssociativeMemory_SeededBatchesAndScalars", "[dense_memory]", float,
                   double)
{
    // Above capacity for degree 3 (about 360 at N = 100), so the end state depends on the
    // update order and the order becomes visible.
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(100, 600, 5);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(100, 20, 6);
    const Interaction interaction = Interaction::polynomial(3);
    RecallOptions options;
    options.mode = UpdateMode::RandomOrder;

    DenseAssociativeMemory<TestType> first(patterns, interaction, Coding::Bipolar, 42);
    DenseAssociativeMemory<TestType> second(patterns, interaction, Coding::Bipolar, 42);
    const auto a = first.recallBatch(cues, options);
    const auto b = second.recallBatch(cues, options);
    CHECK(a.states == b.states);
    CHECK(a.sweeps == b.sweeps);

    SECTION("the next call draws new orders; reseeding repeats them")
    {
        CHECK(first.recallBatch(cues, options).states != a.states);
        first.seed(42);
        CHECK(first.recallBatch(cues, options).states == a.states);
    }

    SECTION("a batch equals its cues recalled one by one")
    {
        DenseAssociativeMemory<TestType> third(patterns, interaction, Coding::Bipolar, 42);
        for (Eigen::Index c = 0; c < cues.cols(); ++c)
        {
            const auto single = third.recall(cues.col(c), options);
            CHECK(single.state == a.states.col(c));
            CHECK(single.status == a.status[c]);
            CHECK(single.sweeps == a.sweeps[c]);
        }
    }

    SECTION("float and double memories recall identically")
    {
        DenseAssociativeMemory<float> asFloat(patterns.template cast<float>(), interaction,
                                              Coding::Bipolar, 42);
        DenseAssociativeMemory<double> asDouble(patterns.template cast<double>(), interaction,
                                                Coding::Bipolar, 42);
        const auto f = asFloat.recallBatch(cues.template cast<float>(), options);
        const auto d = asDouble.recallBatch(cues.template cast<double>(), options);
        CHECK(f.states.template cast<double>() == d.states);
        CHECK(f.sweeps == d.sweeps);
        CHECK(asFloat.energy(cues.col(0).template cast<float>()) ==
              asDouble.energy(cues.col(0).template cast<double>()));
    }
}

TEMPLATE_TEST_CASE("DenseAssociativeMemory_BinaryCoding", "[dense_memory]", float, double)
{
    const MatrixOf<TestType> bipolar = randomBipolar<TestType>(64, 20, 31);
    const MatrixOf<TestType> binary = (bipolar.array() + 1) / 2;
    std::mt19937_64 engine(32);
    const MatrixOf<TestType> cues =
        emergence::flipPixels(binary.leftCols(5), 0.15, engine, Coding::Binary);

    DenseAssociativeMemory<TestType> memory(binary, Interaction::exponential(), Coding::Binary);
    CHECK(memory.patterns() == bipolar);
    RecallOptions options;
    options.coding = Coding::Binary;
    CHECK(memory.recallBatch(cues, options).states == binary.leftCols(5));
    CHECK(memory.energy(binary.col(2), Coding::Binary) == memory.energy(bipolar.col(2)));
}

TEST_CASE("DenseAssociativeMemory_ErrorsNameTheBadValue", "[dense_memory]")
{
    using Catch::Contains;

    SECTION("interactions")
    {
        CHECK_THROWS_WITH(Interaction::polynomial(1),
                          Contains("Interaction::polynomial: degree is 1") &&
                              Contains("[2, 300]"));
        CHECK_THROWS_WITH(Interaction::rectifiedPolynomial(301),
                          Contains("rectifiedPolynomial: degree is 301"));
        CHECK(Interaction::polynomial(7).degree() == 7);
        CHECK(Interaction::exponential().kind() == Interaction::Kind::Exponential);
    }

    SECTION("patterns")
    {
        CHECK_THROWS_WITH(DenseAssociativeMemory<double>(Eigen::MatrixXd(5, 0),
                                                         Interaction::exponential()),
                          Contains("patterns are 5 x 0") && Contains("at least one pattern"));
        Eigen::MatrixXd half = Eigen::MatrixXd::Ones(4, 2);
        half(2, 1) = 0.5;
        CHECK_THROWS_WITH(DenseAssociativeMemory<double>(half, Interaction::exponential()),
                          Contains("(2, 1) is 0.5") && Contains("bipolar"));
        CHECK_THROWS_WITH(DenseAssociativeMemory<double>(-Eigen::MatrixXd::Ones(4, 1),
                                                         Interaction::exponential(),
                                                         Coding::Binary),
                          Contains("is -1") && Contains("binary"));
    }

    Eigen::MatrixXd patterns(4, 2);
    patterns << 1, -1,
                1, 1,
                -1, 1,
                -1, -1;
    DenseAssociativeMemory<double> memory(patterns, Interaction::polynomial(3));
    const Eigen::VectorXd cue = patterns.col(0);

    SECTION("recall")
    {
        CHECK_THROWS_WITH(memory.recall(Eigen::VectorXd::Ones(5)),
                          Contains("DenseAssociativeMemory::recall: states have 5 units") &&
                              Contains("the memory has 4"));
        CHECK_THROWS_WITH(memory.recall(Eigen::MatrixXd::Ones(4, 2)),
                          Contains("4 x 2") && Contains("recallBatch"));
        CHECK_THROWS_WITH(memory.recallBatch(Eigen::MatrixXd::Zero(4, 3)),
                          Contains("recallBatch: state entry (0, 0) is 0"));

        RecallOptions options;
        options.maxSweeps = 0;
        CHECK_THROWS_WITH(memory.recall(cue, options), Contains("maxSweeps is 0"));
        options.maxSweeps = 10;
        options.mode = UpdateMode::Synchronous;
        CHECK_THROWS_WITH(memory.recall(cue, options),
                          Contains("mode is sync") && Contains("Sequential or RandomOrder"));
    }

    SECTION("energy")
    {
        CHECK_THROWS_WITH(memory.energy(Eigen::RowVectorXd::Ones(4)),
                          Contains("state is 1 x 4, expected 4 x 1"));
        CHECK_THROWS_WITH(memory.energy(Eigen::VectorXd::Ones(3)), Contains("3 units"));
    }

    SECTION("an empty batch is not an error and gives an empty result")
    {
        const auto result = memory.recallBatch(Eigen::MatrixXd(4, 0));
        CHECK(result.states.rows() == 4);
        CHECK(result.states.cols() == 0);
        CHECK(result.status.empty());
    }
}

TEST_CASE("DenseMemory_RefusesTemperatures", "[dense_memory]")
{
    // The dense memory has no stochastic dynamics; a schedule is refused, not ignored.
    DenseAssociativeMemory<double> memory(randomBipolar<double>(20, 3, 44),
                                          Interaction::exponential());
    RecallOptions options;
    options.temperatures = {0.5, 0.0};
    CHECK_THROWS_WITH(memory.recallBatch(randomBipolar<double>(20, 2, 45), options),
                      Catch::Matchers::Contains("temperature schedule of 2 entries"));
}
