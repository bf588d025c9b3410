// Tests of RestrictedBoltzmannMachine: every quantity of a tiny machine against brute-force
// enumeration of all its states, the field cases of issue 3, training that beats the
// base-rate model, reproducibility, and errors.
#include <emergence/boltzmann/restricted_boltzmann_machine.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using emergence::EpochReport;
using emergence::RestrictedBoltzmannMachine;
using emergence::TrainingOptions;

namespace
{

template <typename Scalar>
using MatrixOf = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

/** Column `index` of the n-bit binary table: bit k of `index` in row k. */
Eigen::VectorXd bits(Eigen::Index index, Eigen::Index n)
{
    Eigen::VectorXd state(n);
    for (Eigen::Index k = 0; k < n; ++k)
        state(k) = double((index >> k) & 1);
    return state;
}

/** A machine with weights and biases drawn uniformly from [-scale, scale] (test data). */
template <typename Scalar>
RestrictedBoltzmannMachine<Scalar> randomMachine(Eigen::Index visible, Eigen::Index hidden,
                                                 double scale, std::uint64_t seed)
{
    std::mt19937_64 engine(seed);
    std::uniform_real_distribution<double> uniform(-scale, scale);
    Eigen::MatrixXd w(visible, hidden);
    Eigen::VectorXd b(visible);
    Eigen::VectorXd c(hidden);
    for (Eigen::Index i = 0; i < w.size(); ++i)
        w(i) = uniform(engine);
    for (Eigen::Index i = 0; i < visible; ++i)
        b(i) = uniform(engine);
    for (Eigen::Index j = 0; j < hidden; ++j)
        c(j) = uniform(engine);

    RestrictedBoltzmannMachine<Scalar> machine(visible, hidden);
    machine.setWeights(w);
    machine.setVisibleBiases(b);
    machine.setHiddenBiases(c);
    return machine;
}

/** The 4 x 4 bars-and-stripes images (30 distinct ones), a classic toy data set. */
Eigen::MatrixXd barsAndStripes()
{
    std::vector<Eigen::VectorXd> images;
    for (int pattern = 0; pattern < 16; ++pattern)
        for (const bool vertical : {false, true})
        {
            Eigen::VectorXd image(16);
            for (int r = 0; r < 4; ++r)
                for (int c = 0; c < 4; ++c)
                    image(4 * r + c) = double((pattern >> (vertical ? c : r)) & 1);
            bool seen = false;
            for (const Eigen::VectorXd& other : images)
                seen = seen || other == image;
            if (!seen)
                images.push_back(image);
        }

    Eigen::MatrixXd data(16, static_cast<Eigen::Index>(images.size()));
    for (std::size_t k = 0; k < images.size(); ++k)
        data.col(static_cast<Eigen::Index>(k)) = images[k];
    return data;
}

/** Average log-likelihood of independent Bernoulli pixels with the data's own means. */
double baseRateLogLikelihood(const Eigen::MatrixXd& data)
{
    const Eigen::ArrayXd p = data.rowwise().mean().array().max(0.001).min(0.999);
    double total = 0.0;
    for (Eigen::Index n = 0; n < data.cols(); ++n)
        total += (data.col(n).array() * p.log() + (1.0 - data.col(n).array()) * (1.0 - p).log())
                     .sum();
    return total / double(data.cols());
}

} // namespace

TEMPLATE_TEST_CASE("Rbm_TinyMachineMatchesBruteForce", "[rbm]", float, double)
{
    // 4 visible x 3 hidden: 16 x 8 joint states, every quantity summed by hand below.
    const auto machine = randomMachine<TestType>(4, 3, 1.5, 17);
    const Eigen::MatrixXd w = machine.weights().template cast<double>();
    const Eigen::VectorXd b = machine.visibleBiases().template cast<double>();
    const Eigen::VectorXd c = machine.hiddenBiases().template cast<double>();
    const auto joint = [&](const Eigen::VectorXd& v, const Eigen::VectorXd& h) {
        return -b.dot(v) - c.dot(h) - v.dot(w * h);
    };

    double partition = 0.0;
    for (Eigen::Index vi = 0; vi < 16; ++vi)
        for (Eigen::Index hi = 0; hi < 8; ++hi)
            partition += std::exp(-joint(bits(vi, 4), bits(hi, 3)));

    // Float sums 3 or 4 terms in single precision: a few 1e-6 relative.
    const double tolerance = std::is_same_v<TestType, float> ? 2e-5 : 1e-12;
    CHECK_THAT(machine.logPartitionFunction(), Catch::WithinAbs(std::log(partition), tolerance));

    Eigen::MatrixXd allVisible(4, 16);
    for (Eigen::Index vi = 0; vi < 16; ++vi)
        allVisible.col(vi) = bits(vi, 4);
    const auto freeEnergies = machine.freeEnergy(allVisible);
    const auto hidden = machine.hiddenProbabilities(allVisible);
    double logLikelihoodSum = 0.0;

    for (Eigen::Index vi = 0; vi < 16; ++vi)
    {
        const Eigen::VectorXd v = bits(vi, 4);
        double marginal = 0.0;
        Eigen::VectorXd onMass = Eigen::VectorXd::Zero(3);
        for (Eigen::Index hi = 0; hi < 8; ++hi)
        {
            const Eigen::VectorXd h = bits(hi, 3);
            const double weight = std::exp(-joint(v, h));
            marginal += weight;
            onMass += weight * h;

            const auto energy = machine.energy(v, h);
            CHECK_THAT(double(energy(0)), Catch::WithinAbs(joint(v, h), 10 * tolerance));
        }

        // F(v) = -log sum_h e^-E(v,h); P(h_j = 1 | v) by Bayes' rule.
        CHECK_THAT(double(freeEnergies(vi)), Catch::WithinAbs(-std::log(marginal), tolerance));
        for (Eigen::Index j = 0; j < 3; ++j)
            CHECK_THAT(double(hidden(j, vi)), Catch::WithinAbs(onMass(j) / marginal, tolerance));
        logLikelihoodSum += std::log(marginal / partition);
    }

    CHECK_THAT(machine.averageLogLikelihood(allVisible),
               Catch::WithinAbs(logLikelihoodSum / 16.0, tolerance));

    SECTION("P(v_i = 1 | h) by Bayes' rule")
    {
        for (Eigen::Index hi = 0; hi < 8; ++hi)
        {
            const Eigen::VectorXd h = bits(hi, 3);
            double marginal = 0.0;
            Eigen::VectorXd onMass = Eigen::VectorXd::Zero(4);
            for (Eigen::Index vi = 0; vi < 16; ++vi)
            {
                const double weight = std::exp(-joint(bits(vi, 4), h));
                marginal += weight;
                onMass += weight * bits(vi, 4);
            }
            const auto visible = machine.visibleProbabilities(h);
            for (Eigen::Index i = 0; i < 4; ++i)
                CHECK_THAT(double(visible(i, 0)),
                           Catch::WithinAbs(onMass(i) / marginal, tolerance));
        }
    }
}

TEMPLATE_TEST_CASE("Rbm_LogPartitionOverEitherLayer", "[rbm]", float, double)
{
    // 13 x 13 enumerates 13 units (12 low bits and 1 high bit); summing e^-F(v) over all
    // 8,192 visible states with freeEnergy() is an independent route to the same log Z.
    const auto machine = randomMachine<TestType>(13, 13, 0.3, 5);
    Eigen::MatrixXd allVisible(13, 8192);
    for (Eigen::Index vi = 0; vi < 8192; ++vi)
        allVisible.col(vi) = bits(vi, 13);
    const Eigen::ArrayXd negativeF =
        -machine.freeEnergy(allVisible).template cast<double>().transpose().array();
    const double maximum = negativeF.maxCoeff();
    const double expected = maximum + std::log((negativeF - maximum).exp().sum());

    // Float free energies carry about 1e-6 relative error each.
    const double tolerance = std::is_same_v<TestType, float> ? 1e-3 : 1e-9;
    CHECK_THAT(machine.logPartitionFunction(), Catch::WithinAbs(expected, tolerance));

    // With W = 0 the layers are independent: log Z = sum softplus(b) + sum softplus(c).
    RestrictedBoltzmannMachine<TestType> independent(30, 5);
    independent.setWeights(MatrixOf<TestType>::Zero(30, 5));
    independent.setVisibleBiases(Eigen::VectorXd::LinSpaced(30, -3.0, 2.0));
    const double byHand = (Eigen::ArrayXd::LinSpaced(30, -3.0, 2.0).exp() + 1.0).log().sum() +
                          5.0 * std::log(2.0);
    CHECK_THAT(independent.logPartitionFunction(), Catch::WithinAbs(byHand, 10 * tolerance));
}

TEMPLATE_TEST_CASE("Rbm_VisibleBiasesFromDataOnRates", "[rbm]", float, double)
{
    // Pixel on-rates 0.25, 0.5, 0 and 1: biases log(1/3), 0, and the clamped log-odds.
    Eigen::MatrixXd data(4, 4);
    data << 1, 0, 0, 0,
            1, 1, 0, 0,
            0, 0, 0, 0,
            1, 1, 1, 1;
    RestrictedBoltzmannMachine<TestType> machine(4, 2);
    machine.initializeVisibleBiases(data);
    const double tolerance = 1e-6;
    const Eigen::VectorXd biases = machine.visibleBiases().template cast<double>();
    CHECK_THAT(biases(0), Catch::WithinAbs(std::log(1.0 / 3.0), tolerance));
    CHECK_THAT(biases(1), Catch::WithinAbs(0.0, tolerance));
    CHECK_THAT(biases(2), Catch::WithinAbs(std::log(0.001 / 0.999), tolerance));
    CHECK_THAT(biases(3), Catch::WithinAbs(std::log(0.999 / 0.001), tolerance));
    CHECK(machine.hiddenBiases().isZero());

    // Initial weights: N(0, 0.01^2) drawn from the seeded engine; 784 x 500 values have a
    // sample standard deviation within 1% of 0.01.
    RestrictedBoltzmannMachine<TestType> large(784, 500);
    const double mean = double(large.weights().mean());
    const double deviation = std::sqrt(
        double((large.weights().array() - TestType(mean)).square().mean()));
    CHECK_THAT(mean, Catch::WithinAbs(0.0, 1e-4));
    CHECK_THAT(deviation, Catch::WithinRel(0.01, 0.01));
}

TEMPLATE_TEST_CASE("Rbm_OneUpdateOfTheVisibleBiases", "[rbm]", float, double)
{
    // Field case: W = 0, b = -50, c = 0, learning rate 0.1, one CD-1 update. The data term
    // is 1, the reconstruction term sigmoid(-50) ~ 2e-22, so b moves by 0.1 whatever the
    // batch size: summing over rows would give -49.2, dividing by the unit count -49.8.
    for (const Eigen::Index rows : {8, 1})
    {
        RestrictedBoltzmannMachine<TestType> machine(4, 3);
        machine.setWeights(MatrixOf<TestType>::Zero(4, 3));
        machine.setVisibleBiases(Eigen::VectorXd::Constant(4, -50.0));
        TrainingOptions options;
        options.epochs = 1;
        options.batchSize = 8;
        options.learningRate = 0.1;
        options.weightDecay = 0.0;
        machine.train(MatrixOf<TestType>::Ones(4, rows), options);
        CAPTURE(rows);
        for (Eigen::Index i = 0; i < 4; ++i)
            CHECK_THAT(double(machine.visibleBiases()(i)), Catch::WithinAbs(-49.9, 1e-5));
    }
}

TEMPLATE_TEST_CASE("Rbm_HugeLearningRateStaysFinite", "[rbm]", float, double)
{
    // Field case: 2 x 2, rows 00, 01, 10, 11, batch 4, CD-1, learning rate 1000, 10 epochs.
    MatrixOf<TestType> data(2, 4);
    data << 0, 0, 1, 1,
            0, 1, 0, 1;
    RestrictedBoltzmannMachine<TestType> machine(2, 2);
    machine.setWeights(MatrixOf<TestType>::Zero(2, 2));
    TrainingOptions options;
    options.epochs = 10;
    options.batchSize = 4;
    options.learningRate = 1000.0;
    machine.train(data, options);
    CHECK(machine.weights().allFinite());
    CHECK(machine.visibleBiases().allFinite());
    CHECK(machine.hiddenBiases().allFinite());
    CHECK(std::isfinite(machine.logPartitionFunction()));
}

TEMPLATE_TEST_CASE("Rbm_SamplingIsSeeded", "[rbm]", float, double)
{
    // Field case: W = 0, b = 0, c = 0 on 64 visible units: every unit is a fair coin.
    const auto zeroMachine = [](std::uint64_t seed) {
        RestrictedBoltzmannMachine<TestType> machine(64, 16, seed);
        machine.setWeights(MatrixOf<TestType>::Zero(64, 16));
        return machine;
    };
    auto first = zeroMachine(9);
    auto second = zeroMachine(9);
    const MatrixOf<TestType> start = MatrixOf<TestType>::Zero(64, 1);

    const MatrixOf<TestType> a = first.gibbsChains(start, 1);
    const MatrixOf<TestType> b = first.gibbsChains(start, 1);
    CHECK(a != b);
    CHECK(second.gibbsChains(start, 1) == a);
    CHECK(second.gibbsChains(start, 1) == b);
    CHECK(((a.array() == TestType(0)) || (a.array() == TestType(1))).all());

    // Training twice from the same seed gives bit-identical parameters.
    const Eigen::MatrixXd data = barsAndStripes();
    TrainingOptions options;
    options.epochs = 3;
    options.batchSize = 7;
    RestrictedBoltzmannMachine<TestType> once(16, 8, 4);
    RestrictedBoltzmannMachine<TestType> twice(16, 8, 4);
    once.train(data, options);
    twice.train(data, options);
    CHECK(once.weights() == twice.weights());
    CHECK(once.visibleBiases() == twice.visibleBiases());
    CHECK(once.hiddenBiases() == twice.hiddenBiases());
}

TEMPLATE_TEST_CASE("Rbm_TrainingBeatsTheBaseRateModel", "[rbm]", float, double)
{
    // Bars and stripes (30 images of 16 pixels): pixels are each on half the time, so the
    // base-rate model scores 16 log(1/2) = -11.09 nats; an RBM that learns the structure
    // approaches log(1/30) = -3.40. Both CD-1 and PCD-1 must beat the base rate clearly.
    const Eigen::MatrixXd data = barsAndStripes();
    REQUIRE(data.cols() == 30);
    const double baseRate = baseRateLogLikelihood(data);
    CHECK_THAT(baseRate, Catch::WithinAbs(16.0 * std::log(0.5), 1e-9));

    for (const bool persistent : {false, true})
    {
        RestrictedBoltzmannMachine<TestType> machine(16, 16, 21);
        machine.initializeVisibleBiases(data);
        // With W = 0 and b from the data the machine is the base-rate model (c adds log 2
        // per hidden unit to every state, which cancels in the likelihood).
        RestrictedBoltzmannMachine<TestType> baseline = machine;
        baseline.setWeights(MatrixOf<TestType>::Zero(16, 16));
        CHECK_THAT(baseline.averageLogLikelihood(data), Catch::WithinAbs(baseRate, 1e-4));

        // PCD diverges on this tiny set with the default step (effective rate 1 with
        // momentum 0.9), as PCD does with too large steps; 0.05 with momentum 0.5 suits both.
        TrainingOptions options;
        options.epochs = 600;
        options.batchSize = 10;
        options.learningRate = 0.05;
        options.initialMomentum = 0.5;
        options.finalMomentum = 0.5;
        options.persistent = persistent;
        std::vector<EpochReport> reports;
        machine.train(data, options, [&](const EpochReport& report) {
            reports.push_back(report);
            return true;
        });

        CAPTURE(persistent);
        REQUIRE(reports.size() == 600);
        CHECK(reports.back().epoch == 599);
        CHECK(std::isnan(reports.back().heldOutFreeEnergy));
        CHECK(reports.back().reconstructionError < reports.front().reconstructionError);
        CHECK(machine.averageLogLikelihood(data) > baseRate + 3.0);
    }
}

TEST_CASE("Rbm_SparsityPullsHiddenActivityToTheTarget", "[rbm]")
{
    // Without the penalty the hidden units of a bars-and-stripes machine are on about half
    // the time; with target 0.05 and a strong cost their mean activity must fall near it.
    const Eigen::MatrixXd data = barsAndStripes();
    TrainingOptions options;
    options.epochs = 300;
    options.batchSize = 10;
    options.learningRate = 0.05;
    RestrictedBoltzmannMachine<double> plain(16, 8, 2);
    plain.train(data, options);
    options.sparsityTarget = 0.05;
    options.sparsityCost = 5.0;
    RestrictedBoltzmannMachine<double> sparse(16, 8, 2);
    sparse.train(data, options);

    const double plainActivity = plain.hiddenProbabilities(data).mean();
    const double sparseActivity = sparse.hiddenProbabilities(data).mean();
    CAPTURE(plainActivity, sparseActivity);
    CHECK(sparseActivity < plainActivity);
    CHECK_THAT(sparseActivity, Catch::WithinAbs(0.05, 0.05));
}

TEST_CASE("Rbm_CallbackStopsAndReportsHeldOut", "[rbm]")
{
    const Eigen::MatrixXd data = barsAndStripes();
    RestrictedBoltzmannMachine<double> machine(16, 4);
    TrainingOptions options;
    options.epochs = 50;
    Eigen::Index calls = 0;
    machine.train(data, data.leftCols(5), options, [&](const EpochReport& report) {
        ++calls;
        CHECK(std::isfinite(report.heldOutFreeEnergy));
        CHECK(report.seconds >= 0.0);
        return report.epoch < 2;
    });
    CHECK(calls == 3);
}

TEST_CASE("Rbm_ErrorsNameTheBadValue", "[rbm]")
{
    using Catch::Contains;
    CHECK_THROWS_WITH(RestrictedBoltzmannMachine<float>(0, 3), Contains("0 visible"));

    RestrictedBoltzmannMachine<double> machine(4, 3);
    const Eigen::MatrixXd weightsBefore = machine.weights();
    Eigen::MatrixXd data = Eigen::MatrixXd::Zero(4, 6);

    CHECK_THROWS_WITH(machine.hiddenProbabilities(Eigen::MatrixXd::Zero(5, 1)),
                      Contains("5 rows, expected 4"));
    CHECK_THROWS_WITH(machine.setWeights(Eigen::MatrixXd::Zero(3, 4)),
                      Contains("3 x 4, expected 4 x 3"));

    data(2, 5) = 1.5;
    TrainingOptions options;
    CHECK_THROWS_WITH(machine.train(data, options), Contains("(2, 5) is 1.5"));
    data(2, 5) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(machine.train(data, options), Contains("(2, 5) is nan"));
    data(2, 5) = 0.0;

    options.batchSize = 0;
    CHECK_THROWS_WITH(machine.train(data, options), Contains("batchSize is 0"));
    options.batchSize = 10;
    options.learningRate = -0.5;
    CHECK_THROWS_WITH(machine.train(data, options), Contains("learningRate is -0.5"));
    options.learningRate = 0.1;
    options.finalMomentum = 1.0;
    CHECK_THROWS_WITH(machine.train(data, options), Contains("finalMomentum is 1"));
    CHECK(machine.weights() == weightsBefore);

    CHECK_THROWS_WITH(machine.gibbsChains(Eigen::MatrixXd::Zero(4, 1), 0),
                      Contains("steps is 0"));
    CHECK_THROWS_WITH(machine.freeEnergy(Eigen::MatrixXd::Constant(4, 1, 1.5)),
                      Contains("freeEnergy") && Contains("(0, 0) is 1.5"));
    CHECK_THROWS_WITH(machine.averageLogLikelihood(data, std::nan("")),
                      Contains("logPartition is nan"));
    options.momentumSwitchEpoch = -1;
    CHECK_THROWS_WITH(machine.train(data, options), Contains("momentumSwitchEpoch is -1"));
    RestrictedBoltzmannMachine<float> wide(30, 25);
    CHECK_THROWS_WITH(wide.logPartitionFunction(),
                      Contains("25 units") && Contains("annealed importance sampling"));
}
