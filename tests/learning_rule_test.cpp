// Tests of the learning rules of HopfieldNetwork: Storkey's rule against loops written from
// the published formula, the pseudo-inverse rule against X (X'X)^-1 X', the capacities of the
// three rules on random patterns, and the error cases of each rule.
#include <emergence/hopfield/hopfield_network.hpp>
#include <emergence/hopfield/learning_rule.hpp>

#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <Eigen/LU>

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>

using emergence::Coding;
using emergence::HopfieldNetwork;
using emergence::LearningRule;
using emergence::learningRuleName;
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

/// Tolerance of a weight compared with a double reference: rounding of a few operations on
/// values of order 1, in float or double.
template <typename Scalar>
double weightTolerance()
{
    return std::is_same_v<Scalar, float> ? 1e-5 : 1e-12;
}

/**
 * Storkey's rule as published (Storkey 1997), by loops in double: for each pattern x,
 * h_ij = sum over k != i, j of w_ik x_k from the weights before it, then
 * w_ij += (x_i x_j - x_i h_ji - h_ij x_j) / N for every i != j.
 */
Eigen::MatrixXd publishedStorkey(const Eigen::MatrixXd& start, const Eigen::MatrixXd& patterns)
{
    const Eigen::Index n = patterns.rows();
    Eigen::MatrixXd w = start;
    for (Eigen::Index p = 0; p < patterns.cols(); ++p)
    {
        const Eigen::VectorXd x = patterns.col(p);
        Eigen::MatrixXd h = Eigen::MatrixXd::Zero(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j)
                for (Eigen::Index k = 0; k < n; ++k)
                    if (k != i && k != j)
                        h(i, j) += w(i, k) * x(k);

        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j)
                if (i != j)
                    w(i, j) += (x(i) * x(j) - x(i) * h(j, i) - h(i, j) * x(j)) / double(n);
    }
    return w;
}

/// The projection rule from its textbook formula X (X'X)^-1 X', diagonal removed; needs
/// linearly independent columns.
Eigen::MatrixXd naiveProjection(const Eigen::MatrixXd& patterns)
{
    Eigen::MatrixXd w =
        patterns * (patterns.transpose() * patterns).inverse() * patterns.transpose();
    w.diagonal().setZero();
    return w;
}

/// Largest absolute difference between a network's weights and a double reference.
template <typename Scalar>
double largestDifference(const HopfieldNetwork<Scalar>& network, const Eigen::MatrixXd& expected)
{
    return (network.weights().template cast<double>() - expected).cwiseAbs().maxCoeff();
}

/// Mean overlap x'.s / N between each pattern and the state recalled from it (sequential).
template <typename Scalar>
double meanRecallOverlap(HopfieldNetwork<Scalar>& network, const MatrixOf<Scalar>& patterns)
{
    const auto result = network.recallBatch(patterns);
    double sum = 0;
    for (Eigen::Index k = 0; k < patterns.cols(); ++k)
        sum += double(patterns.col(k).dot(result.states.col(k))) / double(patterns.rows());
    return sum / double(patterns.cols());
}

/// Whether every unit's field has the sign of its state, none at a tie: a strict fixed point.
template <typename Scalar>
bool strictlyStable(const HopfieldNetwork<Scalar>& network, const VectorOf<Scalar>& state)
{
    return network.localFields(state).cwiseProduct(state).minCoeff() > Scalar(0);
}

} // namespace

TEST_CASE("LearningRule_Names", "[learning_rule]")
{
    CHECK(std::string(learningRuleName(LearningRule::Hebbian)) == "hebbian");
    CHECK(std::string(learningRuleName(LearningRule::Storkey)) == "storkey");
    CHECK(std::string(learningRuleName(LearningRule::PseudoInverse)) == "pseudo-inverse");
    CHECK(std::string(learningRuleName(static_cast<LearningRule>(7))) == "unknown");
}

TEMPLATE_TEST_CASE("LearningRule_StorkeyMatchesPublishedFormula", "[learning_rule]", float,
                   double)
{
    const std::uint64_t seed = 17;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(7, 3, seed);
    const Eigen::MatrixXd expected =
        publishedStorkey(Eigen::MatrixXd::Zero(7, 7), patterns.template cast<double>());

    HopfieldNetwork<TestType> network(7);
    network.train(patterns, Coding::Bipolar, LearningRule::Storkey);
    CHECK(largestDifference(network, expected) < weightTolerance<TestType>());
    CHECK(network.patternCount() == 3);

    // The loops' weights are not Hebb's: the rule really differs from the default.
    HopfieldNetwork<TestType> hebbian(7);
    hebbian.train(patterns);
    CHECK(largestDifference(hebbian, expected) > 0.01);

    SECTION("the weights are exactly symmetric with a zero diagonal")
    {
        const MatrixOf<TestType> w = network.weights();
        CHECK(w == w.transpose());
        CHECK(w.diagonal() == VectorOf<TestType>::Zero(7));
    }

    SECTION("one pattern at a time gives the same weights as all at once")
    {
        HopfieldNetwork<TestType> incremental(7);
        incremental.train(patterns.leftCols(2), Coding::Bipolar, LearningRule::Storkey);
        incremental.train(patterns.col(2), Coding::Bipolar, LearningRule::Storkey);
        CHECK(incremental.couplings() == network.couplings());
        CHECK(incremental.patternCount() == 3);
    }

    SECTION("the first pattern on an empty network is stored as Hebb's rule stores it")
    {
        HopfieldNetwork<TestType> first(7);
        first.train(patterns.col(0), Coding::Bipolar, LearningRule::Storkey);
        HopfieldNetwork<TestType> hebbianFirst(7);
        hebbianFirst.train(patterns.col(0));
        CHECK(first.couplings() == hebbianFirst.couplings());
    }

    SECTION("Storkey's rule adds to weights stored by Hebb's rule")
    {
        HopfieldNetwork<TestType> mixed(7);
        mixed.train(patterns.leftCols(2));
        mixed.train(patterns.col(2), Coding::Bipolar, LearningRule::Storkey);

        // Hebbian start (x1 x1' + x2 x2') / N with a zero diagonal, then the published step.
        const Eigen::MatrixXd x = patterns.template cast<double>();
        Eigen::MatrixXd start = x.leftCols(2) * x.leftCols(2).transpose() / 7.0;
        start.diagonal().setZero();
        CHECK(largestDifference(mixed, publishedStorkey(start, x.rightCols(1))) <
              weightTolerance<TestType>());
        CHECK(mixed.patternCount() == 3);
    }

    SECTION("binary patterns are converted to bipolar first")
    {
        HopfieldNetwork<TestType> binary(7);
        binary.train(((patterns.array() + 1) / 2).matrix(), Coding::Binary,
                     LearningRule::Storkey);
        CHECK(binary.couplings() == network.couplings());
    }
}

TEMPLATE_TEST_CASE("LearningRule_StorkeyStoresBeyondHebbianCapacity", "[learning_rule]", float,
                   double)
{
    // Load 0.25 at N = 500: above Hebb's 0.138 N, below Storkey's N / sqrt(2 ln N) = 0.28 N.
    const std::uint64_t seed = 23;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(500, 125, seed);

    HopfieldNetwork<TestType> storkey(500);
    storkey.train(patterns, Coding::Bipolar, LearningRule::Storkey);
    const double storkeyOverlap = meanRecallOverlap(storkey, patterns);
    CAPTURE(storkeyOverlap);
    CHECK(storkeyOverlap >= 0.99);

    // Hebb's rule at this load has lost the patterns (measured: about 0.4).
    HopfieldNetwork<TestType> hebbian(500);
    hebbian.train(patterns);
    const double hebbianOverlap = meanRecallOverlap(hebbian, patterns);
    CAPTURE(hebbianOverlap);
    CHECK(hebbianOverlap < 0.8);
}

TEMPLATE_TEST_CASE("LearningRule_HebbianCapacity", "[learning_rule]", float, double)
{
    // Theory (Amit, Gutfreund & Sompolinsky 1987): retrieval with overlap near 1 below
    // 0.138 N, collapse above it. Recall starts at each stored pattern.
    const std::uint64_t seed = 29;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(1000, 200, seed);

    HopfieldNetwork<TestType> light(1000);
    light.train(patterns.leftCols(100));
    const double lightOverlap = meanRecallOverlap<TestType>(light, patterns.leftCols(100));
    CAPTURE(lightOverlap);
    CHECK(lightOverlap >= 0.99);

    HopfieldNetwork<TestType> heavy(1000);
    heavy.train(patterns);
    const double heavyOverlap = meanRecallOverlap(heavy, patterns);
    CAPTURE(heavyOverlap);
    CHECK(heavyOverlap < 0.6);
}

TEMPLATE_TEST_CASE("LearningRule_PseudoInverseMatchesNaiveFormula", "[learning_rule]", float,
                   double)
{
    const std::uint64_t seed = 31;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(12, 5, seed);
    const Eigen::MatrixXd x = patterns.template cast<double>();
    REQUIRE(Eigen::FullPivLU<Eigen::MatrixXd>(x).rank() == 5);
    const Eigen::MatrixXd expected = naiveProjection(x);

    HopfieldNetwork<TestType> network(12);
    network.train(patterns, Coding::Bipolar, LearningRule::PseudoInverse);
    CHECK(largestDifference(network, expected) < weightTolerance<TestType>());
    CHECK(network.patternCount() == 5);
    CHECK(network.weights() == network.weights().transpose());

    SECTION("binary patterns are converted to bipolar first")
    {
        HopfieldNetwork<TestType> binary(12);
        binary.train(((patterns.array() + 1) / 2).matrix(), Coding::Binary,
                     LearningRule::PseudoInverse);
        CHECK(binary.couplings() == network.couplings());
    }

    SECTION("it replaces what any rule stored, and keeps the thresholds")
    {
        HopfieldNetwork<TestType> replaced(12);
        const VectorOf<TestType> theta = VectorOf<TestType>::Constant(12, TestType(0.25));
        replaced.setThresholds(theta);
        replaced.train(randomBipolar<TestType>(12, 4, seed + 1));
        replaced.train(randomBipolar<TestType>(12, 3, seed + 2), Coding::Bipolar,
                       LearningRule::PseudoInverse);
        replaced.train(patterns, Coding::Bipolar, LearningRule::PseudoInverse);
        CHECK(replaced.couplings() == network.couplings());
        CHECK(replaced.patternCount() == 5);
        CHECK(replaced.thresholds() == theta);
    }

    SECTION("no patterns store nothing")
    {
        network.train(MatrixOf<TestType>(12, 0), Coding::Bipolar, LearningRule::PseudoInverse);
        CHECK(network.couplings() == MatrixOf<TestType>::Zero(12, 12));
        CHECK(network.patternCount() == 0);
    }
}

TEMPLATE_TEST_CASE("LearningRule_PseudoInverseStoresHalfN", "[learning_rule]", float, double)
{
    // 0.5 N random patterns, far beyond Hebb's capacity, are all fixed points: h_i has the
    // sign of x_i because h_i = (1 - P_ii) x_i with P_ii about 1/2.
    const std::uint64_t seed = 37;
    CAPTURE(seed);
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(200, 100, seed);
    HopfieldNetwork<TestType> network(200);
    network.train(patterns, Coding::Bipolar, LearningRule::PseudoInverse);

    for (Eigen::Index k = 0; k < patterns.cols(); ++k)
    {
        CAPTURE(k);
        CHECK(strictlyStable<TestType>(network, patterns.col(k)));
    }

    for (const UpdateMode mode : allModes)
    {
        CAPTURE(emergence::updateModeName(mode));
        RecallOptions options;
        options.mode = mode;
        const auto result = network.recallBatch(patterns, options);
        CHECK(result.states == patterns);
        CHECK(result.count(RecallStatus::FixedPoint) == 100);
        CHECK(*std::max_element(result.sweeps.begin(), result.sweeps.end()) == 0);
    }
}

TEMPLATE_TEST_CASE("LearningRule_PseudoInverseDependentPatterns", "[learning_rule]", float,
                   double)
{
    // a, b, c random; d = a.*b.*c; m = majority(a, b, c) = (a + b + c - d) / 2, which holds
    // for each of the 8 sign combinations. With a duplicate of a and -b, seven patterns
    // span only the 4-dimensional space of a, b, c, d.
    const std::uint64_t seed = 41;
    CAPTURE(seed);
    const MatrixOf<TestType> abc = randomBipolar<TestType>(16, 3, seed);
    MatrixOf<TestType> patterns(16, 7);
    patterns.leftCols(3) = abc;
    patterns.col(3) = abc.col(0).cwiseProduct(abc.col(1)).cwiseProduct(abc.col(2));
    patterns.col(4) = (abc.col(0) + abc.col(1) + abc.col(2) - patterns.col(3)) / TestType(2);
    patterns.col(5) = abc.col(0);
    patterns.col(6) = -abc.col(1);
    REQUIRE((patterns.array().abs() == TestType(1)).all());

    const Eigen::MatrixXd independent = patterns.leftCols(4).template cast<double>();
    REQUIRE(Eigen::FullPivLU<Eigen::MatrixXd>(independent).rank() == 4);
    const Eigen::MatrixXd expected = naiveProjection(independent);

    HopfieldNetwork<TestType> network(16);
    network.train(patterns, Coding::Bipolar, LearningRule::PseudoInverse);
    CHECK(largestDifference(network, expected) < weightTolerance<TestType>());
    CHECK(network.patternCount() == 7);

    // P_ii < 1 for every unit here (no unit vector lies in the span), so all seven patterns
    // are strict fixed points.
    const Eigen::MatrixXd projector =
        independent * (independent.transpose() * independent).inverse() * independent.transpose();
    REQUIRE(projector.diagonal().maxCoeff() < 1 - 1e-6);
    for (Eigen::Index k = 0; k < 7; ++k)
    {
        CAPTURE(k);
        CHECK(strictlyStable<TestType>(network, patterns.col(k)));
    }

    SECTION("N or more independent patterns span everything, leaving W = 0")
    {
        HopfieldNetwork<TestType> full(8);
        const MatrixOf<TestType> many = randomBipolar<TestType>(8, 12, seed + 1);
        REQUIRE(Eigen::FullPivLU<Eigen::MatrixXd>(many.template cast<double>()).rank() == 8);
        full.train(many, Coding::Bipolar, LearningRule::PseudoInverse);
        CHECK(largestDifference(full, Eigen::MatrixXd::Zero(8, 8)) < weightTolerance<TestType>());
        CHECK(full.patternCount() == 12);
    }
}

TEMPLATE_TEST_CASE("LearningRule_PseudoInverseKeepsCorrelatedPatterns", "[learning_rule]",
                   float, double)
{
    // The field case where Hebb's rule collapses (HopfieldNetwork_CorrelatedPatternsCollapse):
    // N = 64, background -1, pattern k is +1 on pixels 4k..4k+3. No unit vector lies in the
    // span (it would be constant on the background and on each block), so P_ii < 1 and every
    // pattern is a fixed point of the projection rule.
    MatrixOf<TestType> patterns = MatrixOf<TestType>::Constant(64, 3, TestType(-1));
    for (Eigen::Index k = 0; k < 3; ++k)
        patterns.col(k).segment(4 * k, 4).setOnes();

    HopfieldNetwork<TestType> network(64);
    network.train(patterns, Coding::Bipolar, LearningRule::PseudoInverse);
    for (Eigen::Index k = 0; k < 3; ++k)
    {
        CAPTURE(k);
        CHECK(strictlyStable<TestType>(network, patterns.col(k)));
        for (const UpdateMode mode : allModes)
        {
            RecallOptions options;
            options.mode = mode;
            const auto result = network.recall(patterns.col(k), options);
            CHECK(result.state == patterns.col(k));
            CHECK(result.status == RecallStatus::FixedPoint);
            CHECK(result.sweeps == 0);
        }
    }
}

TEST_CASE("LearningRule_ErrorsLeaveTheNetworkUnchanged", "[learning_rule]")
{
    using Catch::Contains;
    for (const LearningRule rule :
         {LearningRule::Hebbian, LearningRule::Storkey, LearningRule::PseudoInverse})
    {
        CAPTURE(learningRuleName(rule));
        HopfieldNetwork<double> network(4);
        Eigen::MatrixXd good(4, 2);
        good << 1, -1, -1, 1, 1, 1, -1, 1;
        network.train(good, Coding::Bipolar, LearningRule::Storkey);
        network.setThresholds(Eigen::Vector4d(0.1, -0.2, 0.3, -0.4));
        const Eigen::MatrixXd couplingsBefore = network.couplings();
        const Eigen::VectorXd thresholdsBefore = network.thresholds();

        CHECK_THROWS_WITH(network.train(Eigen::MatrixXd::Ones(3, 2), Coding::Bipolar, rule),
                          Contains("HopfieldNetwork::train: states have 3 units") &&
                              Contains("the network has 4"));
        Eigen::MatrixXd half = Eigen::MatrixXd::Ones(4, 2);
        half(2, 1) = 0.5;
        CHECK_THROWS_WITH(network.train(half, Coding::Bipolar, rule),
                          Contains("(2, 1) is 0.5") && Contains("bipolar"));
        CHECK_THROWS_WITH(network.train(-Eigen::MatrixXd::Ones(4, 1), Coding::Binary, rule),
                          Contains("is -1") && Contains("binary"));

        // Nothing was stored by the failed calls.
        CHECK(network.couplings() == couplingsBefore);
        CHECK(network.thresholds() == thresholdsBefore);
        CHECK(network.patternCount() == 2);
    }

    SECTION("a value that is no learning rule")
    {
        HopfieldNetwork<float> network(4);
        CHECK_THROWS_WITH(network.train(Eigen::MatrixXf::Ones(4, 1), Coding::Bipolar,
                                        static_cast<LearningRule>(7)),
                          Contains("HopfieldNetwork::train: rule is 7, expected"));
        CHECK(network.couplings() == Eigen::MatrixXf::Zero(4, 4));
        CHECK(network.patternCount() == 0);
    }
}

TEST_CASE("LearningRule_EmptyAndOverflowingSets", "[learning_rule]")
{
    // No patterns span nothing: the pseudo-inverse rule gives W = 0 for an empty set.
    HopfieldNetwork<double> network(50);
    network.train(randomBipolar<double>(50, 3, 41));
    network.train(Eigen::MatrixXd(50, 0), Coding::Bipolar, LearningRule::PseudoInverse);
    CHECK(network.couplings().isZero(0.0));
    CHECK(network.patternCount() == 0);

    // Storkey's rule grows the couplings by 1 + 2/N per pattern: 10,000 patterns on 50 units
    // multiply them by about (1.04)^10000 = 10^170, beyond float. That is refused, and the
    // network keeps what it held.
    HopfieldNetwork<float> small(50);
    small.train(randomBipolar<float>(50, 2, 42));
    const MatrixOf<float> before = small.couplings();
    CHECK_THROWS_WITH(small.train(randomBipolar<float>(50, 10000, 43), Coding::Bipolar,
                                  LearningRule::Storkey),
                      Catch::Matchers::Contains("overflowed while storing 10000 patterns"));
    CHECK(small.couplings() == before);
    CHECK(small.patternCount() == 2);
}
