// Tests of ModernHopfieldNetwork: one update and the energy worked out by hand and by naive
// loops, one-step retrieval against the bound from the overlap gap, the energy descent of
// Ramsauer et al., extreme inverse temperatures, batches against single queries, errors.
#include <emergence/hopfield/modern_hopfield_network.hpp>
#include <emergence/image/flip_pixels.hpp>

#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using emergence::ModernHopfieldNetwork;
using emergence::RetrievalOptions;
using emergence::RetrievalStatus;
using emergence::test::randomBipolar;
using emergence::test::MatrixOf;
using emergence::test::VectorOf;

namespace
{

/** Overlap x_mu . xi by a plain loop in double. */
template <typename Scalar>
double overlap(const MatrixOf<Scalar>& patterns, Eigen::Index mu, const VectorOf<Scalar>& xi)
{
    double sum = 0;
    for (Eigen::Index i = 0; i < patterns.rows(); ++i)
        sum += double(patterns(i, mu)) * double(xi(i));
    return sum;
}

/**
 * The energy of Ramsauer et al. written straight from its definition with loops in double,
 * -1/beta log sum exp(beta z) + 1/2 xi'xi + log(P) / beta + 1/2 M^2, for inputs small
 * enough that nothing overflows.
 */
template <typename Scalar>
double naiveEnergy(const MatrixOf<Scalar>& patterns, const VectorOf<Scalar>& xi, double beta)
{
    double sumExp = 0;
    double largestSquaredNorm = 0;
    for (Eigen::Index mu = 0; mu < patterns.cols(); ++mu)
    {
        sumExp += std::exp(beta * overlap(patterns, mu, xi));
        double squaredNorm = 0;
        for (Eigen::Index i = 0; i < patterns.rows(); ++i)
            squaredNorm += double(patterns(i, mu)) * double(patterns(i, mu));
        largestSquaredNorm = std::max(largestSquaredNorm, squaredNorm);
    }
    double halfSquaredNorm = 0;
    for (Eigen::Index i = 0; i < xi.size(); ++i)
        halfSquaredNorm += 0.5 * double(xi(i)) * double(xi(i));
    return -std::log(sumExp) / beta + halfSquaredNorm +
           std::log(double(patterns.cols())) / beta + 0.5 * largestSquaredNorm;
}

/** One update X softmax(beta X'xi) by loops in double, for inputs that cannot overflow. */
template <typename Scalar>
Eigen::VectorXd naiveUpdate(const MatrixOf<Scalar>& patterns, const VectorOf<Scalar>& xi,
                            double beta)
{
    std::vector<double> weights(patterns.cols());
    double total = 0;
    for (Eigen::Index mu = 0; mu < patterns.cols(); ++mu)
    {
        weights[mu] = std::exp(beta * overlap(patterns, mu, xi));
        total += weights[mu];
    }
    Eigen::VectorXd next = Eigen::VectorXd::Zero(patterns.rows());
    for (Eigen::Index mu = 0; mu < patterns.cols(); ++mu)
        for (Eigen::Index i = 0; i < patterns.rows(); ++i)
            next(i) += double(patterns(i, mu)) * weights[mu] / total;
    return next;
}

/** Largest absolute difference between two vectors, in double. */
template <typename A, typename B>
double maxDifference(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b)
{
    return (a.template cast<double>() - b.template cast<double>()).cwiseAbs().maxCoeff();
}

} // namespace

TEMPLATE_TEST_CASE("ModernHopfieldNetwork_OneUpdateAndEnergyByHand", "[modern_hopfield]",
                   float, double)
{
    // x1 = (1, 0), x2 = (0, 2), xi = (1, 1): overlaps z = (1, 2). With beta = ln 3 the
    // softmax weights are (1, 3) / 4, so one update gives (1/4, 3/2).
    MatrixOf<TestType> patterns(2, 2);
    patterns << 1, 0,
                0, 2;
    VectorOf<TestType> xi(2);
    xi << 1, 1;
    const double beta = std::log(3.0);
    ModernHopfieldNetwork<TestType> network(patterns);
    CHECK(network.largestNorm() == 2.0);

    RetrievalOptions options;
    options.beta = beta;
    options.maxSteps = 1;
    const auto result = network.retrieve(xi, options);
    // One exp, a sum of two terms and a product of two: a few roundings of Scalar.
    const double rounding = 8 * std::numeric_limits<TestType>::epsilon();
    CHECK_THAT(double(result.state(0)), Catch::WithinAbs(0.25, rounding));
    CHECK_THAT(double(result.state(1)), Catch::WithinAbs(1.5, rounding));
    CHECK(result.steps == 1);
    CHECK(result.status == RetrievalStatus::StepLimit);
    CHECK_THAT(double(result.change), Catch::WithinAbs(0.75, rounding));

    const VectorOf<TestType> weights = network.patternWeights(xi, beta);
    CHECK_THAT(double(weights(0)), Catch::WithinAbs(0.25, rounding));
    CHECK_THAT(double(weights(1)), Catch::WithinAbs(0.75, rounding));

    // E = -(1 + ln 4 / ln 3) + 1/2 * 2 + ln 2 / ln 3 + 1/2 * 4 = 2 - ln 2 / ln 3.
    const double expected = 2.0 - std::log(2.0) / std::log(3.0);
    CHECK_THAT(network.energy(xi, beta), Catch::WithinAbs(expected, 1e-12));
    CHECK_THAT(naiveEnergy(patterns, xi, beta), Catch::WithinAbs(expected, 1e-12));
}

TEMPLATE_TEST_CASE("ModernHopfieldNetwork_EnergyAndUpdateMatchNaiveLoops", "[modern_hopfield]",
                   float, double)
{
    // Real-valued patterns and queries, small enough for the naive formulas.
    const std::uint64_t seed = 4;
    CAPTURE(seed);
    std::mt19937_64 engine(seed);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    MatrixOf<TestType> patterns(5, 4);
    MatrixOf<TestType> queries(5, 6);
    for (Eigen::Index i = 0; i < patterns.size(); ++i)
        patterns(i) = TestType(uniform(engine));
    for (Eigen::Index i = 0; i < queries.size(); ++i)
        queries(i) = TestType(2 * uniform(engine));
    ModernHopfieldNetwork<TestType> network(patterns);

    for (const double beta : {0.05, 1.0, 8.0})
    {
        RetrievalOptions options;
        options.beta = beta;
        options.maxSteps = 1;
        const auto batch = network.retrieveBatch(queries, options);
        for (Eigen::Index q = 0; q < queries.cols(); ++q)
        {
            CAPTURE(beta, q);
            const VectorOf<TestType> query = queries.col(q);
            // Entries are below 2 in size and the sums short: float keeps about 1e-6.
            const double tolerance = std::is_same_v<TestType, float> ? 1e-5 : 1e-12;
            CHECK(maxDifference(batch.states.col(q), naiveUpdate(patterns, query, beta)) <=
                  tolerance);
            CHECK_THAT(network.energy(query, beta),
                       Catch::WithinAbs(naiveEnergy(patterns, query, beta), tolerance));
        }
    }
}

TEMPLATE_TEST_CASE("ModernHopfieldNetwork_OneStepRetrievesFromFlippedCue", "[modern_hopfield]",
                   float, double)
{
    // 1,000 random patterns of 256 units. A cue with 51 of its pattern's units flipped has
    // overlap 256 - 2 * 51 = 154 with it, while other patterns overlap it by about
    // N(0, 16^2): the largest of 999 such is near 16 * 3.3 = 53.
    const std::uint64_t seed = 21;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(256, 1000, seed);
    std::mt19937_64 engine(seed + 1);
    const MatrixOf<TestType> cues = emergence::flipPixels(patterns.leftCols(20), 0.2, engine);
    ModernHopfieldNetwork<TestType> network(patterns);
    CHECK(network.largestNorm() == 16.0);

    RetrievalOptions options;
    options.beta = 1.0;
    options.maxSteps = 1;
    const auto batch = network.retrieveBatch(cues, options);

    for (Eigen::Index c = 0; c < cues.cols(); ++c)
    {
        CAPTURE(c);
        const VectorOf<TestType> cue = cues.col(c);
        double other = -std::numeric_limits<double>::infinity();
        for (Eigen::Index mu = 0; mu < patterns.cols(); ++mu)
        {
            if (mu != c)
                other = std::max(other, overlap(patterns, mu, cue));
        }
        const double own = overlap(patterns, c, cue);
        REQUIRE(own == 154.0);
        REQUIRE(own - other >= 40.0);

        // One update gives the other 999 patterns weight at most 999 e^(-beta gap) in all,
        // so the state is within 2 * 999 e^(-gap) * M of the pattern (the one-update
        // retrieval argument of Ramsauer et al.); Scalar rounding of the sum comes on top.
        const double bound = 2.0 * 999.0 * std::exp(-(own - other)) * 16.0 +
                             4 * std::numeric_limits<TestType>::epsilon();
        const VectorOf<TestType> state = batch.states.col(c);
        CHECK(batch.steps[c] == 1);
        CHECK(maxDifference(state, patterns.col(c)) <= bound);
        CHECK(state.array().sign().matrix() == patterns.col(c));

        Eigen::Index strongest = 0;
        network.patternWeights(cue, options.beta).maxCoeff(&strongest);
        CHECK(strongest == c);
    }

    SECTION("the first update moves the cue by 2, the second confirms convergence")
    {
        // The flipped units move from -x to x; after that the state is the pattern (up to
        // the bound above), whose overlap 256 leaves the others further behind still.
        CHECK(batch.count(RetrievalStatus::StepLimit) == 20);
        CHECK_THAT(double(batch.change[0]), Catch::WithinAbs(2.0, 1e-6));
        const auto full = network.retrieve(cues.col(0));
        CHECK(full.status == RetrievalStatus::Converged);
        CHECK(full.steps == 2);
        CHECK(maxDifference(full.state, patterns.col(0)) <= 1e-6);
    }
}

TEMPLATE_TEST_CASE("ModernHopfieldNetwork_EnergyNeverRises", "[modern_hopfield]", float, double)
{
    // The update is a concave-convex procedure (Ramsauer et al.), so the energy never
    // rises, and it is at least 1/2 (|xi| - M)^2 >= 0. Checked step by step for cues and
    // random states at temperatures from averaging over all patterns (beta = 0.01) to
    // retrieval in one step (beta = 1), through the slow transition between them.
    const std::uint64_t seed = 8;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(256, 1000, seed);
    std::mt19937_64 engine(seed + 1);
    MatrixOf<TestType> queries(256, 8);
    queries.leftCols(4) = emergence::flipPixels(patterns.leftCols(4), 0.2, engine);
    queries.rightCols(4) = randomBipolar<TestType>(256, 4, seed + 2);
    ModernHopfieldNetwork<TestType> network(patterns);

    Eigen::Index longest = 0;
    for (const double beta : {0.01, 0.03, 0.045, 0.049, 0.05, 0.1, 1.0})
    {
        for (Eigen::Index q = 0; q < queries.cols(); ++q)
        {
            CAPTURE(beta, q);
            RetrievalOptions oneStep;
            oneStep.beta = beta;
            oneStep.maxSteps = 1;
            VectorOf<TestType> state = queries.col(q);
            Eigen::Index steps = 0;
            for (; steps < 500; ++steps)
            {
                const double before = network.energy(state, beta);
                const auto result = network.retrieve(state, oneStep);
                const double after = network.energy(result.state, beta);
                // The energy is exact to double rounding; the state is rounded to Scalar,
                // which may move the energy by its gradient (at most |xi - X p| <= 2 M)
                // times the rounding.
                const double rounding =
                    64 * double(std::numeric_limits<TestType>::epsilon()) * (1 + before);
                CHECK(after <= before + rounding);
                CHECK(after >= -1e-9);
                state = result.state;
                if (result.status == RetrievalStatus::Converged)
                    break;
            }
            CHECK(steps < 500);
            longest = std::max(longest, steps + 1);
        }
    }
    // The premise: near the transition retrieval takes many steps.
    CHECK(longest >= 10);
}

TEMPLATE_TEST_CASE("ModernHopfieldNetwork_ExtremeBetaStaysFinite", "[modern_hopfield]", float,
                   double)
{
    const std::uint64_t seed = 13;
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(256, 1000, seed);
    std::mt19937_64 engine(seed + 1);
    const VectorOf<TestType> cue = emergence::flipPixels(patterns.leftCols(1), 0.2, engine);
    ModernHopfieldNetwork<TestType> network(patterns);

    SECTION("huge beta: one-hot weights, the pattern itself, energy 0 there")
    {
        // beta * overlap is about 1.5e32; e to that overflows any type, but the softmax
        // only ever takes e of beta * (overlap - largest overlap) <= 0.
        for (const double beta : {1e30, 1e37})
        {
            CAPTURE(beta);
            const VectorOf<TestType> weights = network.patternWeights(cue, beta);
            CHECK(weights.allFinite());
            CHECK(weights(0) == TestType(1));
            CHECK(weights.sum() == TestType(1));

            RetrievalOptions options;
            options.beta = beta;
            const auto result = network.retrieve(cue, options);
            CHECK(result.state == patterns.col(0));
            CHECK(result.status == RetrievalStatus::Converged);

            // At a pattern: -256 + 1/2 * 256 + 1/2 * 16^2, plus (log P - 0) / beta ~ 0.
            CHECK(std::isfinite(network.energy(cue, beta)));
            CHECK_THAT(network.energy(patterns.col(0), beta), Catch::WithinAbs(0.0, 1e-12));
        }
    }

    SECTION("tiny beta: uniform weights, the mean pattern, the energy's limit")
    {
        // As beta -> 0 the softmax is uniform and -lse(beta, z) + log(P) / beta tends to
        // -mean(z), so E tends to -mean(z) + 1/2 xi'xi + 1/2 M^2.
        const double beta = 1e-30;
        RetrievalOptions options;
        options.beta = beta;
        options.maxSteps = 1;
        const auto result = network.retrieve(cue, options);
        const Eigen::VectorXd mean = patterns.template cast<double>().rowwise().mean();
        CHECK(maxDifference(result.state, mean) <= 1e-5);

        double meanOverlap = 0;
        for (Eigen::Index mu = 0; mu < patterns.cols(); ++mu)
            meanOverlap += overlap(patterns, mu, cue) / double(patterns.cols());
        const double limit = -meanOverlap + 0.5 * 256 + 0.5 * 256;
        const double energy = network.energy(cue, beta);
        CHECK(std::isfinite(energy));
        CHECK_THAT(energy, Catch::WithinAbs(limit, 1e-9));
    }
}

TEMPLATE_TEST_CASE("ModernHopfieldNetwork_BatchEqualsOneByOne", "[modern_hopfield]", float,
                   double)
{
    // Cues converge in 2 steps and random states in 3 to 5, so the batch packs and retires
    // columns at different steps. At beta = 1 the softmax saturates: converged states are
    // patterns exactly and the last change is exactly 0, so statuses and steps are not
    // at the mercy of rounding.
    const std::uint64_t seed = 5;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(256, 1000, seed);
    std::mt19937_64 engine(seed + 1);
    MatrixOf<TestType> queries(256, 30);
    queries.leftCols(15) = emergence::flipPixels(patterns.leftCols(15), 0.25, engine);
    queries.rightCols(15) = randomBipolar<TestType>(256, 15, seed + 2);
    ModernHopfieldNetwork<TestType> network(patterns);

    const auto batch = network.retrieveBatch(queries);
    std::vector<Eigen::Index> stepsSeen;
    for (Eigen::Index q = 0; q < queries.cols(); ++q)
    {
        CAPTURE(q);
        const auto single = network.retrieve(queries.col(q));
        CHECK(maxDifference(batch.states.col(q), single.state) <=
              16 * std::numeric_limits<TestType>::epsilon());
        CHECK(batch.status[q] == single.status);
        CHECK(batch.steps[q] == single.steps);
        stepsSeen.push_back(single.steps);
    }
    CHECK(batch.count(RetrievalStatus::Converged) == 30);
    CHECK(*std::min_element(stepsSeen.begin(), stepsSeen.end()) <
          *std::max_element(stepsSeen.begin(), stepsSeen.end()));

    SECTION("a batch too large for one softmax buffer runs in blocks")
    {
        // 20,000 patterns: 2^24 / 20,000 = 838 queries per block, so 1,000 queries take two
        // blocks; columns on both sides of the seam must land in their own places.
        const MatrixOf<TestType> many = randomBipolar<TestType>(16, 20000, seed + 3);
        const MatrixOf<TestType> manyQueries = randomBipolar<TestType>(16, 1000, seed + 4);
        ModernHopfieldNetwork<TestType> wide(many);
        REQUIRE(ModernHopfieldNetwork<TestType>::MaxSoftmaxEntries / 20000 == 838);
        RetrievalOptions options;
        options.beta = 0.3;
        options.maxSteps = 1;
        const auto blocks = wide.retrieveBatch(manyQueries, options);
        for (const Eigen::Index q : {0, 1, 837, 838, 839, 999})
        {
            CAPTURE(q);
            const auto single = wide.retrieve(manyQueries.col(q), options);
            // Sums of 20,000 weighted entries, added in another order by GEMV than by GEMM.
            CHECK(maxDifference(blocks.states.col(q), single.state) <=
                  16 * std::sqrt(20000.0) * std::numeric_limits<TestType>::epsilon());
        }
    }
}

TEMPLATE_TEST_CASE("ModernHopfieldNetwork_StatusIsHonest", "[modern_hopfield]", float, double)
{
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(64, 50, 17);
    const VectorOf<TestType> query = randomBipolar<TestType>(64, 1, 18);
    ModernHopfieldNetwork<TestType> network(patterns);

    SECTION("a step limit reports the change of the last step")
    {
        RetrievalOptions options;
        options.beta = 0.01;
        options.maxSteps = 1;
        const auto result = network.retrieve(query, options);
        CHECK(result.status == RetrievalStatus::StepLimit);
        CHECK(result.steps == 1);
        // The change is taken in Scalar: one rounding of a difference of size below 2.
        CHECK_THAT(double(result.change),
                   Catch::WithinAbs(maxDifference(result.state, query),
                                    2 * std::numeric_limits<TestType>::epsilon()));
    }

    SECTION("tolerance 0 accepts only an exact fixed point")
    {
        // A stored pattern at beta = 2: its own overlap 64 beats the other 49 (of size about
        // 8 * 2.3 = 18) by some 40, so their weights, near e^-80, are far below half an
        // ulp of 1 and the first update returns the pattern bit for bit.
        RetrievalOptions options;
        options.beta = 2.0;
        options.tolerance = 0.0;
        const auto result = network.retrieve(patterns.col(3), options);
        CHECK(result.status == RetrievalStatus::Converged);
        CHECK(result.change == TestType(0));
        CHECK(result.steps == 1);
        CHECK(result.state == patterns.col(3));
    }
}

TEST_CASE("ModernHopfieldNetwork_ErrorsNameTheBadValue", "[modern_hopfield]")
{
    using Catch::Contains;
    const double nan = std::numeric_limits<double>::quiet_NaN();

    SECTION("construction")
    {
        CHECK_THROWS_WITH(ModernHopfieldNetwork<double>(Eigen::MatrixXd(4, 0)),
                          Contains("patterns are 4 x 0") && Contains("at least one pattern"));
        Eigen::MatrixXd bad = Eigen::MatrixXd::Ones(3, 2);
        bad(2, 1) = nan;
        CHECK_THROWS_WITH(ModernHopfieldNetwork<double>(bad), Contains("(2, 1) is nan"));

        // Finite doubles that overflow float, and a norm whose square overflows float.
        bad(2, 1) = 1e300;
        CHECK_THROWS_WITH(ModernHopfieldNetwork<float>(bad), Contains("(2, 1) is 1e+300"));
        bad(2, 1) = 0x1p100;
        CHECK_THROWS_WITH(ModernHopfieldNetwork<float>(bad),
                          Contains("largest pattern norm is 1.2676506002282294e+30"));
    }

    const Eigen::MatrixXd patterns = Eigen::MatrixXd::Identity(4, 3);
    ModernHopfieldNetwork<double> network(patterns);
    const Eigen::VectorXd query = Eigen::VectorXd::Ones(4);

    SECTION("queries")
    {
        CHECK_THROWS_WITH(network.retrieve(Eigen::VectorXd::Ones(5)),
                          Contains("ModernHopfieldNetwork::retrieve") && Contains("5 units") &&
                              Contains("the network has 4"));
        CHECK_THROWS_WITH(network.retrieve(Eigen::MatrixXd::Ones(4, 2)),
                          Contains("4 x 2") && Contains("retrieveBatch"));
        Eigen::MatrixXd queries = Eigen::MatrixXd::Ones(4, 3);
        queries(1, 2) = -std::numeric_limits<double>::infinity();
        CHECK_THROWS_WITH(network.retrieveBatch(queries),
                          Contains("retrieveBatch: query entry (1, 2) is -inf"));

        // 2^127 is a finite float, but its overlap with a pattern of norm 1 would be too
        // close to the largest float for the softmax to take differences.
        ModernHopfieldNetwork<float> small(patterns);
        Eigen::MatrixXf large = Eigen::MatrixXf::Ones(4, 3);
        large(1, 2) = 0x1p127f;
        CHECK_THROWS_WITH(small.retrieveBatch(large),
                          Contains("query 2 has norm 1.7014118346046923e+38"));
    }

    SECTION("options")
    {
        RetrievalOptions options;
        options.beta = 0;
        CHECK_THROWS_WITH(network.retrieve(query, options), Contains("beta is 0"));
        options.beta = -2;
        CHECK_THROWS_WITH(network.retrieve(query, options), Contains("beta is -2"));
        options.beta = nan;
        CHECK_THROWS_WITH(network.retrieve(query, options), Contains("beta is nan"));

        // Positive as a double, 0 as a float.
        ModernHopfieldNetwork<float> small(patterns);
        options.beta = 1e-50;
        CHECK_THROWS_WITH(small.retrieve(query, options), Contains("beta is 1e-50"));

        options.beta = 1;
        options.tolerance = -1e-3;
        CHECK_THROWS_WITH(network.retrieve(query, options), Contains("tolerance is -0.001"));
        options.tolerance = nan;
        CHECK_THROWS_WITH(network.retrieve(query, options), Contains("tolerance is nan"));
        options.tolerance = 0;
        options.maxSteps = 0;
        CHECK_THROWS_WITH(network.retrieveBatch(Eigen::MatrixXd::Ones(4, 2), options),
                          Contains("maxSteps is 0"));
    }

    SECTION("energy and weights")
    {
        CHECK_THROWS_WITH(network.energy(query, 0.0), Contains("energy: beta is 0"));
        CHECK_THROWS_WITH(network.energy(Eigen::RowVectorXd::Ones(4), 1.0),
                          Contains("state is 1 x 4, expected 4 x 1"));
        CHECK_THROWS_WITH(network.patternWeights(Eigen::VectorXd::Ones(2), 1.0),
                          Contains("patternWeights: state has 2 units"));
    }

    SECTION("an empty batch is not an error and gives an empty result")
    {
        const auto result = network.retrieveBatch(Eigen::MatrixXd(4, 0));
        CHECK(result.states.rows() == 4);
        CHECK(result.states.cols() == 0);
        CHECK(result.status.empty());
    }
}
