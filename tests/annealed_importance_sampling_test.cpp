// Tests of annealed importance sampling: its estimate of log Z against exact enumeration on
// a 784 x 15 machine trained briefly on real Fashion-MNIST images, and its errors.
#include <emergence/boltzmann/annealed_importance_sampling.hpp>
#include <emergence/image/binarize.hpp>
#include <emergence/image/scale.hpp>
#include <emergence/io/idx.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using emergence::AisOptions;
using emergence::estimateLogPartitionFunction;
using emergence::RestrictedBoltzmannMachine;

TEST_CASE("Ais_AgreesWithExactLogPartition", "[ais]")
{
    // 784 x 15 trained for 3 epochs on 500 binarised training images of the subset, then
    // AIS with 100 runs over 2,000 inverse temperatures. Issue 3 asks for agreement within
    // 0.1 nats; the seed is fixed, so a failure can be replayed.
    const std::uint64_t seed = 11;
    CAPTURE(seed);
    const auto images = emergence::readIdxImages(EMERGENCE_DATA_DIR
                                                 "/train-1000-images-idx3-ubyte.gz");
    const Eigen::MatrixXf data = emergence::binarizeAtMean(
        emergence::scaleToUnit<float>(images.pixels.leftCols(500)), emergence::Coding::Binary);

    RestrictedBoltzmannMachine<float> machine(784, 15, seed);
    machine.initializeVisibleBiases(data);
    emergence::TrainingOptions training;
    training.epochs = 3;
    training.batchSize = 20;
    training.learningRate = 0.05;
    machine.train(data, training);
    const double exact = machine.logPartitionFunction();

    AisOptions options;
    for (int k = 0; k <= 2000; ++k)
        options.betas.push_back(double(k) / 2000.0);
    std::mt19937_64 engine(seed);
    const auto estimate = estimateLogPartitionFunction(machine, data, options, engine);

    CHECK_THAT(estimate.logPartitionFunction, Catch::WithinAbs(exact, 0.1));
    CHECK(estimate.lowerBound <= estimate.logPartitionFunction);
    CHECK(estimate.upperBound >= estimate.logPartitionFunction);

    // The trained machine beats the base-rate model on held-out images, measured with the
    // AIS estimate: the base model's own log-likelihood is the sum of per-pixel terms.
    const Eigen::MatrixXf heldOut = emergence::binarizeAtMean(
        emergence::scaleToUnit<float>(images.pixels.rightCols(200)), emergence::Coding::Binary);
    const Eigen::ArrayXd rate = data.cast<double>().rowwise().mean().array().max(0.001).min(0.999);
    double baseRate = 0.0;
    for (Eigen::Index n = 0; n < heldOut.cols(); ++n)
        baseRate += (heldOut.col(n).cast<double>().array() * rate.log() +
                     (1.0 - heldOut.col(n).cast<double>().array()) * (1.0 - rate).log())
                        .sum();
    baseRate /= double(heldOut.cols());
    CHECK(machine.averageLogLikelihood(heldOut, estimate.logPartitionFunction) > baseRate);
}

TEST_CASE("Ais_ReproducibleAndChecked", "[ais]")
{
    using Catch::Contains;
    RestrictedBoltzmannMachine<double> machine(6, 3);
    const Eigen::MatrixXd data = Eigen::MatrixXd::Constant(6, 4, 0.5);
    AisOptions options;
    options.betas = {0.0, 0.25, 0.5, 0.75, 1.0};
    options.runs = 10;

    std::mt19937_64 first(3);
    std::mt19937_64 second(3);
    CHECK(estimateLogPartitionFunction(machine, data, options, first).logPartitionFunction ==
          estimateLogPartitionFunction(machine, data, options, second).logPartitionFunction);

    options.runs = 1;
    CHECK_THROWS_WITH(estimateLogPartitionFunction(machine, data, options, first),
                      Contains("runs is 1"));
    options.runs = 10;
    options.betas = {0.0, 0.6, 0.4, 1.0};
    CHECK_THROWS_WITH(estimateLogPartitionFunction(machine, data, options, first),
                      Contains("entry 2 is 0.4 after 0.6"));
    options.betas = {0.0, std::nan(""), 1.0};
    CHECK_THROWS_WITH(estimateLogPartitionFunction(machine, data, options, first),
                      Contains("entry 1 is nan"));
    options.betas = {0.1, 1.0};
    CHECK_THROWS_WITH(estimateLogPartitionFunction(machine, data, options, first),
                      Contains("start at 0"));
    options.betas.clear();
    CHECK_THROWS_WITH(estimateLogPartitionFunction(machine, Eigen::MatrixXd::Constant(6, 2, 2.0),
                                                   options, first),
                      Contains("outside [0, 1]"));
}
