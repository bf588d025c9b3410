// Tests of boltzmann/rbm_file.hpp: a saved machine loads with identical parameters and
// behaviour, and files of another kind, type or shape are refused with the path named.
#include <emergence/boltzmann/rbm_file.hpp>
#include <emergence/hopfield/hopfield_file.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <string>

using emergence::loadRestrictedBoltzmannMachine;
using emergence::ModelRecord;
using emergence::RestrictedBoltzmannMachine;
using emergence::saveModel;
using emergence::test::MessageContains;
using emergence::test::TemporaryFolder;

TEMPLATE_TEST_CASE("RbmFile_RoundTripKeepsEveryParameter", "[rbm_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("machine.emrg");
    RestrictedBoltzmannMachine<TestType> machine(12, 5, 3);
    Eigen::VectorXd visible = Eigen::VectorXd::LinSpaced(12, -2.0, 1.0);
    machine.setVisibleBiases(visible);
    machine.setHiddenBiases(Eigen::VectorXd::LinSpaced(5, 0.5, -0.5));

    saveModel(path, machine);
    const auto loaded = loadRestrictedBoltzmannMachine<TestType>(path);
    CHECK(loaded.weights() == machine.weights());
    CHECK(loaded.visibleBiases() == machine.visibleBiases());
    CHECK(loaded.hiddenBiases() == machine.hiddenBiases());
    CHECK(loaded.logPartitionFunction() == machine.logPartitionFunction());
    CHECK(folder.entries().size() == 1);
}

TEST_CASE("RbmFile_RefusesOtherKindsTypesAndShapes", "[rbm_file]")
{
    TemporaryFolder folder;

    // A Hopfield file is a valid model file of another kind.
    const std::string hopfieldPath = folder.file("hopfield.emrg");
    saveModel(hopfieldPath, emergence::HopfieldNetwork<float>(4));
    REQUIRE_THROWS_MATCHES(loadRestrictedBoltzmannMachine<float>(hopfieldPath),
                           std::runtime_error,
                           MessageContains(hopfieldPath) && MessageContains("rbm"));

    // A float machine loaded as double.
    const std::string floatPath = folder.file("float.emrg");
    saveModel(floatPath, RestrictedBoltzmannMachine<float>(3, 2));
    REQUIRE_THROWS_MATCHES(loadRestrictedBoltzmannMachine<double>(floatPath), std::runtime_error,
                           MessageContains("float") && MessageContains("double"));

    // Biases that do not fit the weights, and a missing array.
    ModelRecord<double> record("rbm");
    record.addArray("weights", Eigen::MatrixXd::Zero(3, 2));
    record.addArray("visibleBiases", Eigen::VectorXd::Zero(4));
    record.addArray("hiddenBiases", Eigen::VectorXd::Zero(2));
    const std::string badPath = folder.file("bad.emrg");
    emergence::writeModelFile(badPath, record);
    REQUIRE_THROWS_MATCHES(loadRestrictedBoltzmannMachine<double>(badPath), std::runtime_error,
                           MessageContains(badPath) && MessageContains("4 rows, expected 3"));

    ModelRecord<double> partial("rbm");
    partial.addArray("weights", Eigen::MatrixXd::Zero(3, 2));
    const std::string partialPath = folder.file("partial.emrg");
    emergence::writeModelFile(partialPath, partial);
    REQUIRE_THROWS_MATCHES(loadRestrictedBoltzmannMachine<double>(partialPath),
                           std::runtime_error, MessageContains("no array \"visibleBiases\""));
}
