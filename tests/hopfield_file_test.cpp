// Tests for hopfield/hopfield_file.hpp and HopfieldNetwork::fromCouplings: a trained network
// survives a save and load bit for bit and recalls exactly as before; damaged, foreign,
// mistyped and inconsistent files are refused with messages that name the path.
#include <emergence/hopfield/hopfield_file.hpp>

#include "support/io_support.hpp"
#include "support/model_file_support.hpp"
#include "support/random_patterns.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

using emergence::HopfieldNetwork;
using emergence::loadHopfieldNetwork;
using emergence::ModelRecord;
using emergence::RecallOptions;
using emergence::saveModel;
using emergence::UpdateMode;
using emergence::writeModelFile;
using emergence::test::appendLittle;
using emergence::test::appendName;
using emergence::test::fromHex;
using emergence::test::MessageContains;
using emergence::test::modelHeader;
using emergence::test::OtherScalar;
using emergence::test::putLittle;
using emergence::test::randomBipolar;
using emergence::test::readBytes;
using emergence::test::reseal;
using emergence::test::seal;
using emergence::test::TemporaryFolder;
using emergence::test::writeBytes;
using emergence::test::MatrixOf;
using emergence::test::VectorOf;

namespace
{

/// A network of `units` units holding `patterns` random patterns and small thresholds.
template <typename Scalar>
HopfieldNetwork<Scalar> trainedNetwork(Eigen::Index units, Eigen::Index patterns,
                                       std::uint64_t seed)
{
    HopfieldNetwork<Scalar> network(units, seed);
    network.train(randomBipolar<Scalar>(units, patterns, seed));

    // Thresholds with many significant bits, so that a lossy save would show.
    VectorOf<Scalar> thresholds(units);
    for (Eigen::Index i = 0; i < units; ++i)
        thresholds(i) = Scalar(0.013) * Scalar(i % 7) - Scalar(0.031);
    network.setThresholds(thresholds);
    return network;
}

/// Loads `path` as a network of `Scalar`, for REQUIRE_THROWS_MATCHES.
template <typename Scalar>
void load(const std::string& path)
{
    (void)loadHopfieldNetwork<Scalar>(path);
}

/// A "hopfield" record with the given entries, written to `path` by the generic writer.
template <typename Scalar>
void writeHopfieldRecord(const std::string& path, const MatrixOf<Scalar>& couplings,
                         const MatrixOf<Scalar>& thresholds, std::int64_t patternCount)
{
    ModelRecord<Scalar> record("hopfield");
    record.addInteger("patternCount", patternCount);
    record.addArray("couplings", couplings);
    record.addArray("thresholds", thresholds);
    writeModelFile(path, record);
}

} // namespace

TEMPLATE_TEST_CASE("HopfieldFile_RoundTripKeepsWeightsAndRecall", "[hopfield_file]", float, double)
{
    const std::uint64_t seed = 41;
    HopfieldNetwork<TestType> original = trainedNetwork<TestType>(96, 6, seed);
    TemporaryFolder folder;
    const std::string path = folder.file("network.emrg");
    saveModel(path, original);

    HopfieldNetwork<TestType> loaded = loadHopfieldNetwork<TestType>(path, seed);
    CHECK(loaded.units() == 96);
    CHECK(loaded.patternCount() == 6);
    CHECK(loaded.couplings() == original.couplings());
    CHECK(loaded.weights() == original.weights());
    CHECK(loaded.thresholds() == original.thresholds());

    // Noisy cues: the patterns with about a quarter of the units flipped.
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(96, 6, seed);
    const MatrixOf<TestType> noise = randomBipolar<TestType>(96, 6, seed + 1);
    const MatrixOf<TestType> flips = randomBipolar<TestType>(96, 6, seed + 2);
    const MatrixOf<TestType> cues =
        (noise.array() > 0 && flips.array() > 0).select(-patterns, patterns);

    // Both networks start from the same seed, so random update orders agree as well.
    for (const UpdateMode mode :
         {UpdateMode::Synchronous, UpdateMode::Sequential, UpdateMode::RandomOrder})
    {
        RecallOptions options;
        options.mode = mode;
        const auto before = original.recallBatch(cues, options);
        const auto after = loaded.recallBatch(cues, options);
        CHECK(after.states == before.states);
        CHECK(after.status == before.status);
        CHECK(after.sweeps == before.sweeps);
        CHECK(loaded.energy(after.states.col(0)) == original.energy(before.states.col(0)));
    }

    SECTION("the default seed is the class's")
    {
        HopfieldNetwork<TestType> fresh(96);
        HopfieldNetwork<TestType> defaulted = loadHopfieldNetwork<TestType>(path);
        RecallOptions options;
        options.mode = UpdateMode::RandomOrder;
        fresh.train(patterns);
        fresh.setThresholds(original.thresholds());
        CHECK(defaulted.recallBatch(cues, options).states ==
              fresh.recallBatch(cues, options).states);
    }
}

TEMPLATE_TEST_CASE("HopfieldFile_RoundTripKeepsNonIntegerCouplings", "[hopfield_file]", float,
                   double)
{
    // Storkey and pseudo-inverse couplings are not integers; they must come back bit for bit
    // and still pass fromCouplings' exact symmetry and zero-diagonal checks.
    const std::uint64_t seed = 43;
    const MatrixOf<TestType> patterns = randomBipolar<TestType>(60, 12, seed);
    const MatrixOf<TestType> cues = randomBipolar<TestType>(60, 8, seed + 1);
    TemporaryFolder folder;

    for (const emergence::LearningRule rule :
         {emergence::LearningRule::Storkey, emergence::LearningRule::PseudoInverse})
    {
        CAPTURE(emergence::learningRuleName(rule));
        HopfieldNetwork<TestType> original(60, seed);
        original.train(patterns, emergence::Coding::Bipolar, rule);
        original.setThresholds(VectorOf<TestType>::Constant(60, TestType(0.01)));
        const MatrixOf<TestType>& couplings = original.couplings();
        REQUIRE((couplings.array() != couplings.array().round()).any());

        const std::string path = folder.file(std::string(emergence::learningRuleName(rule)) +
                                             ".emrg");
        saveModel(path, original);
        HopfieldNetwork<TestType> loaded = loadHopfieldNetwork<TestType>(path, seed);
        CHECK(loaded.couplings() == original.couplings());
        CHECK(loaded.thresholds() == original.thresholds());
        CHECK(loaded.patternCount() == 12);

        for (const UpdateMode mode :
             {UpdateMode::Synchronous, UpdateMode::Sequential, UpdateMode::RandomOrder})
        {
            RecallOptions options;
            options.mode = mode;
            const auto before = original.recallBatch(cues, options);
            const auto after = loaded.recallBatch(cues, options);
            CHECK(after.states == before.states);
            CHECK(after.status == before.status);
            CHECK(after.sweeps == before.sweeps);
        }
    }
}

TEMPLATE_TEST_CASE("HopfieldFile_TruncatedFilesRefused", "[hopfield_file]", float, double)
{
    TemporaryFolder folder;
    const std::string source = folder.file("whole.emrg");
    saveModel(source, trainedNetwork<TestType>(6, 2, 7));
    const std::vector<unsigned char> whole = readBytes(source);
    const std::string path = folder.file("cut.emrg");

    for (std::size_t length = 0; length < whole.size(); ++length)
    {
        CAPTURE(length);
        writeBytes(path, std::vector<unsigned char>(whole.begin(), whole.begin() + length));
        REQUIRE_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                               MessageContains("loadHopfieldNetwork(\"" + path + "\"): "));
    }
}

TEMPLATE_TEST_CASE("HopfieldFile_FlippedPayloadByteCaught", "[hopfield_file]", float, double)
{
    TemporaryFolder folder;
    const std::string source = folder.file("whole.emrg");
    saveModel(source, trainedNetwork<TestType>(6, 2, 7));
    const std::vector<unsigned char> whole = readBytes(source);
    const std::string path = folder.file("flipped.emrg");

    for (std::size_t offset = 36; offset < whole.size(); ++offset)
    {
        CAPTURE(offset);
        std::vector<unsigned char> damaged = whole;
        damaged[offset] ^= 0x01;
        writeBytes(path, damaged);
        REQUIRE_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                               MessageContains("checksum mismatch"));
    }
}

TEMPLATE_TEST_CASE("HopfieldFile_WrongFilesRefused", "[hopfield_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("model.emrg");

    SECTION("an IDX image file")
    {
        writeBytes(path, fromHex("00000803 00000002 00000003 00000002 000d0a1a80ff 010203040506"));
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("not an emergence model file: it starts with "
                                             "00 00 08 03"));
    }

    SECTION("a network saved with the other scalar type")
    {
        saveModel(path, trainedNetwork<TestType>(5, 1, 3));
        const std::string saved = std::is_same_v<TestType, float> ? "float" : "double";
        const std::string other = std::is_same_v<TestType, float> ? "double" : "float";
        CHECK_THROWS_MATCHES(load<OtherScalar<TestType>>(path), std::runtime_error,
                             MessageContains("stores " + saved + " values"));
        CHECK_THROWS_MATCHES(load<OtherScalar<TestType>>(path), std::runtime_error,
                             MessageContains("expected " + other));
    }

    SECTION("another kind of model")
    {
        ModelRecord<TestType> record("rbm");
        record.addArray("weights", MatrixOf<TestType>::Zero(4, 3));
        writeModelFile(path, record);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("holds a \"rbm\" model, expected \"hopfield\""));
    }

    SECTION("a newer format version")
    {
        saveModel(path, trainedNetwork<TestType>(5, 1, 3));
        std::vector<unsigned char> bytes = readBytes(path);
        putLittle(bytes, 4, 7, 4);
        reseal(bytes);
        writeBytes(path, bytes);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("format version 7 is newer than version 1"));
    }

    SECTION("2^60 x 2^60 couplings in a tiny file with a valid checksum")
    {
        std::vector<unsigned char> bytes = modelHeader("hopfield", sizeof(TestType), 1, 1);
        appendName(bytes, "patternCount");
        appendLittle(bytes, 1, 8);
        appendName(bytes, "couplings");
        appendLittle(bytes, std::uint64_t(1) << 60, 8);
        appendLittle(bytes, std::uint64_t(1) << 60, 8);
        appendLittle(bytes, 0, 8);
        seal(bytes);
        writeBytes(path, bytes);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("array \"couplings\" claims 1152921504606846976 x "
                                             "1152921504606846976 values"));
    }
}

TEMPLATE_TEST_CASE("HopfieldFile_InconsistentContentsRefused", "[hopfield_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("model.emrg");
    MatrixOf<TestType> couplings(3, 3);
    // clang-format off
    couplings << 0, 2, -2,
                 2, 0, 0,
                 -2, 0, 0;
    // clang-format on
    const MatrixOf<TestType> thresholds = MatrixOf<TestType>::Zero(3, 1);
    const std::string context = "loadHopfieldNetwork(\"" + path + "\"): ";

    writeHopfieldRecord<TestType>(path, couplings, thresholds, 2);
    CHECK(loadHopfieldNetwork<TestType>(path).couplings() == couplings);

    SECTION("asymmetric couplings")
    {
        MatrixOf<TestType> asymmetric = couplings;
        asymmetric(2, 1) = 4;
        writeHopfieldRecord<TestType>(path, asymmetric, thresholds, 2);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains(context + "HopfieldNetwork::fromCouplings: couplings "
                                                       "(2, 1) = 4 and (1, 2) = 0 differ"));
    }

    SECTION("a self-coupling, a non-square matrix, a wrong threshold count")
    {
        MatrixOf<TestType> diagonal = couplings;
        diagonal(1, 1) = 1;
        writeHopfieldRecord<TestType>(path, diagonal, thresholds, 2);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("coupling (1, 1) is 1, expected 0"));

        writeHopfieldRecord<TestType>(path, MatrixOf<TestType>::Zero(3, 2), thresholds, 2);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("couplings are 3 x 2, expected a square matrix"));

        writeHopfieldRecord<TestType>(path, couplings, MatrixOf<TestType>::Zero(4, 1), 2);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("thresholds are 4 x 1, expected 3 x 1"));
    }

    SECTION("non-finite values and a negative pattern count")
    {
        MatrixOf<TestType> infinite = couplings;
        infinite(0, 1) = std::numeric_limits<TestType>::infinity();
        writeHopfieldRecord<TestType>(path, infinite, thresholds, 2);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("coupling (0, 1) is inf, expected a finite value"));

        MatrixOf<TestType> nanThresholds = thresholds;
        nanThresholds(2, 0) = std::numeric_limits<TestType>::quiet_NaN();
        writeHopfieldRecord<TestType>(path, couplings, nanThresholds, 2);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("threshold 2 is nan"));

        writeHopfieldRecord<TestType>(path, couplings, thresholds, -1);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains("patternCount is -1, expected at least 0"));
    }

    SECTION("a missing entry")
    {
        ModelRecord<TestType> record("hopfield");
        record.addInteger("patternCount", 2);
        record.addArray("couplings", couplings);
        writeModelFile(path, record);
        CHECK_THROWS_MATCHES(load<TestType>(path), std::runtime_error,
                             MessageContains(context + "the file has no array \"thresholds\""));
    }
}

TEMPLATE_TEST_CASE("HopfieldFile_SaveReplacesAtomically", "[hopfield_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("network.emrg");
    saveModel(path, trainedNetwork<TestType>(8, 1, 1));
    saveModel(path, trainedNetwork<TestType>(12, 3, 2));

    CHECK(loadHopfieldNetwork<TestType>(path).units() == 12);
    CHECK(folder.entries() == std::vector<std::string>{"network.emrg"});

    SECTION("a missing folder is reported with the path and the reason")
    {
        const std::string missing = folder.file("absent/network.emrg");
        CHECK_THROWS_MATCHES(saveModel(missing, trainedNetwork<TestType>(8, 1, 1)),
                             std::runtime_error,
                             MessageContains("saveModel(\"" + missing + "\"): cannot create"));
        CHECK_THROWS_MATCHES(saveModel(missing, trainedNetwork<TestType>(8, 1, 1)),
                             std::runtime_error, MessageContains(std::strerror(ENOENT)));
        CHECK(folder.entries() == std::vector<std::string>{"network.emrg"});
    }
}

TEMPLATE_TEST_CASE("HopfieldNetwork_FromCouplingsValidates", "[hopfield_file]", float, double)
{
    MatrixOf<TestType> couplings(2, 2);
    // clang-format off
    couplings << 0, 1,
                 1, 0;
    // clang-format on
    const auto network = HopfieldNetwork<TestType>::fromCouplings(
        couplings, VectorOf<TestType>::Constant(2, TestType(0.5)), 1);
    CHECK(network.couplings() == couplings);
    CHECK(network.weights() == couplings / TestType(2));
    CHECK(network.thresholds() == VectorOf<TestType>::Constant(2, TestType(0.5)));
    CHECK(network.patternCount() == 1);

    CHECK_THROWS_MATCHES(HopfieldNetwork<TestType>::fromCouplings(MatrixOf<TestType>(0, 0),
                                                                  VectorOf<TestType>(0), 0),
                         std::invalid_argument,
                         MessageContains("HopfieldNetwork::fromCouplings: couplings are 0 x 0"));
    CHECK_THROWS_MATCHES(
        HopfieldNetwork<TestType>::fromCouplings(couplings, VectorOf<TestType>::Zero(3), 1),
        std::invalid_argument,
        MessageContains("HopfieldNetwork::fromCouplings: "
                        "HopfieldNetwork::setThresholds: thresholds are 3 x 1"));
}
