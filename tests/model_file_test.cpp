// Tests for io/model_file.hpp: a layout checked byte by byte, round trips, and every check of
// the reader on files damaged, truncated, foreign or written by hand.
#include <emergence/io/model_file.hpp>

#include "support/io_support.hpp"
#include "support/model_file_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

using emergence::ModelRecord;
using emergence::readModelFile;
using emergence::writeModelFile;
using emergence::test::appendLittle;
using emergence::test::appendName;
using emergence::test::fromHex;
using emergence::test::hexWord;
using emergence::test::MessageContains;
using emergence::test::modelHeader;
using emergence::test::OtherScalar;
using emergence::test::putLittle;
using emergence::test::readBytes;
using emergence::test::reseal;
using emergence::test::seal;
using emergence::test::TemporaryFolder;
using emergence::test::writeBytes;

namespace
{

template <typename Scalar>
using MatrixOf = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

/// A record with every kind of entry: extreme integers, special values, an empty matrix.
template <typename Scalar>
ModelRecord<Scalar> sampleRecord()
{
    using Limits = std::numeric_limits<Scalar>;
    MatrixOf<Scalar> matrix(3, 2);
    matrix << Scalar(1.5), Scalar(-0.0), Limits::infinity(), Limits::denorm_min(), Limits::max(),
        Scalar(-0.1);

    ModelRecord<Scalar> record("test");
    record.addInteger("count", 12);
    record.addInteger("lowest", std::numeric_limits<std::int64_t>::min());
    record.addInteger("highest", std::numeric_limits<std::int64_t>::max());
    record.addArray("matrix", matrix);
    record.addArray("empty", MatrixOf<Scalar>(0, 4));
    record.addArray("column", MatrixOf<Scalar>::Constant(5, 1, Scalar(-2)));
    return record;
}

/// Whether two matrices have the same shape and bit-identical values (-0 and +0 differ).
template <typename Scalar>
bool sameBits(const MatrixOf<Scalar>& a, const MatrixOf<Scalar>& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           (a.size() == 0 || std::memcmp(a.data(), b.data(),
                                         sizeof(Scalar) * static_cast<std::size_t>(a.size())) == 0);
}

/// Reads `path` as a "test" record of `Scalar`, for REQUIRE_THROWS_MATCHES.
template <typename Scalar>
void readTest(const std::string& path)
{
    (void)readModelFile<Scalar>(path, "test");
}

} // namespace

TEMPLATE_TEST_CASE("ModelFile_RoundTripKeepsEveryEntry", "[model_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("sample.emrg");
    const ModelRecord<TestType> saved = sampleRecord<TestType>();
    writeModelFile(path, saved);

    const ModelRecord<TestType> loaded = readModelFile<TestType>(path, "test");
    CHECK(loaded.kind() == "test");
    CHECK(loaded.integers() == saved.integers());
    REQUIRE(loaded.arrays().size() == saved.arrays().size());
    for (std::size_t i = 0; i < saved.arrays().size(); ++i)
    {
        CHECK(loaded.arrays()[i].first == saved.arrays()[i].first);
        CHECK(sameBits(loaded.arrays()[i].second, saved.arrays()[i].second));
    }
    CHECK(loaded.integer("lowest") == std::numeric_limits<std::int64_t>::min());
    CHECK(loaded.array("empty").cols() == 4);

    SECTION("writing the same record twice gives the same bytes")
    {
        const std::string again = folder.file("again.emrg");
        writeModelFile(again, loaded);
        CHECK(readBytes(again) == readBytes(path));
    }
}

TEST_CASE("ModelFile_LayoutMatchesTheDocumentedBytes", "[model_file]")
{
    // Kind "k", integer "n" = -2, array "a" of 1 x 2 floats [1, -2], written out by hand.
    TemporaryFolder folder;
    const std::string path = folder.file("layout.emrg");
    ModelRecord<float> record("k");
    record.addInteger("n", -2);
    record.addArray("a", (Eigen::MatrixXf(1, 2) << 1.0f, -2.0f).finished());
    writeModelFile(path, record);

    std::vector<unsigned char> expected =
        fromHex("454d5247 01000000 6b000000000000000000000000000000 04000000 01000000 01000000"
                " 016e feffffffffffffff"
                " 0161 0100000000000000 0200000000000000 0000803f 000000c0");
    seal(expected);
    CHECK(readBytes(path) == expected);
}

TEMPLATE_TEST_CASE("ModelFile_TruncatedAtEveryLengthRefused", "[model_file]", float, double)
{
    TemporaryFolder folder;
    const std::string source = folder.file("whole.emrg");
    writeModelFile(source, sampleRecord<TestType>());
    const std::vector<unsigned char> whole = readBytes(source);
    const std::string path = folder.file("cut.emrg");

    // Below 4 bytes there is no magic to check, below 40 no header, and beyond that the last
    // four bytes are taken for a checksum that cannot match.
    for (std::size_t length = 0; length < whole.size(); ++length)
    {
        CAPTURE(length);
        writeBytes(path, std::vector<unsigned char>(whole.begin(), whole.begin() + length));
        const std::string expected = length < 40 ? "bytes, too short" : "checksum mismatch";
        REQUIRE_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                               MessageContains(expected));
        REQUIRE_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                               MessageContains("readModelFile(\"" + path + "\")"));
    }
}

TEMPLATE_TEST_CASE("ModelFile_FlippedByteCaughtByChecksum", "[model_file]", float, double)
{
    TemporaryFolder folder;
    const std::string source = folder.file("whole.emrg");
    writeModelFile(source, sampleRecord<TestType>());
    const std::vector<unsigned char> whole = readBytes(source);
    const std::string path = folder.file("flipped.emrg");

    // From the counts (offset 28) on, nothing is checked before the CRC, so every flip must
    // be reported by it; the stored and computed values are both named.
    for (std::size_t offset = 28; offset < whole.size(); ++offset)
    {
        CAPTURE(offset);
        std::vector<unsigned char> damaged = whole;
        damaged[offset] ^= 0x10;
        writeBytes(path, damaged);
        const std::size_t covered = damaged.size() - 4;
        const auto stored = static_cast<std::uint32_t>(
            damaged[covered] | (damaged[covered + 1] << 8) | (damaged[covered + 2] << 16) |
            (std::uint32_t(damaged[covered + 3]) << 24));
        REQUIRE_THROWS_MATCHES(
            readTest<TestType>(path), std::runtime_error,
            MessageContains("checksum mismatch: the file records CRC-32 " + hexWord(stored)));
        REQUIRE_THROWS_MATCHES(
            readTest<TestType>(path), std::runtime_error,
            MessageContains("give " + hexWord(emergence::test::crcOf(damaged, covered))));
    }

    // A flip in the fixed header is refused by an earlier check.
    for (std::size_t offset = 0; offset < 28; ++offset)
    {
        CAPTURE(offset);
        std::vector<unsigned char> damaged = whole;
        damaged[offset] ^= 0x10;
        writeBytes(path, damaged);
        REQUIRE_THROWS_AS(readTest<TestType>(path), std::runtime_error);
    }
}

TEST_CASE("ModelFile_ForeignFilesNamedByTheirMagic", "[model_file]")
{
    TemporaryFolder folder;
    const std::string path = folder.file("foreign");

    SECTION("an IDX image file of 28 bytes")
    {
        writeBytes(path, fromHex("00000803 00000002 00000003 00000002 000d0a1a80ff 010203040506"));
        CHECK_THROWS_MATCHES(readTest<float>(path), std::runtime_error,
                             MessageContains("not an emergence model file: it starts with "
                                             "00 00 08 03 (\"\\x00\\x00\\x08\\x03\"), expected "
                                             "45 4d 52 47 (\"EMRG\")"));
    }

    SECTION("a PNG file")
    {
        writeBytes(path, fromHex("89504e470d0a1a0a 0000000d 49484452 00000001 00000001 0800000000"
                                 " 3a7e9b55"));
        CHECK_THROWS_MATCHES(readTest<float>(path), std::runtime_error,
                             MessageContains("it starts with 89 50 4e 47 (\"\\x89PNG\")"));
    }

    SECTION("an HTML error page")
    {
        const std::string page = "<!DOCTYPE html><html><body>404 Not Found</body></html>\n";
        writeBytes(path, std::vector<unsigned char>(page.begin(), page.end()));
        CHECK_THROWS_MATCHES(readTest<double>(path), std::runtime_error,
                             MessageContains("it starts with 3c 21 44 4f (\"<!DO\")"));
    }

    SECTION("a missing file")
    {
        CHECK_THROWS_MATCHES(
            readTest<float>(folder.file("missing.emrg")), std::runtime_error,
            MessageContains("cannot open the file: " + std::string(std::strerror(ENOENT))));
    }
}

TEMPLATE_TEST_CASE("ModelFile_OtherScalarTypeRefused", "[model_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("typed.emrg");
    writeModelFile(path, sampleRecord<TestType>());

    const std::string saved = std::is_same_v<TestType, float> ? "float" : "double";
    const std::string other = std::is_same_v<TestType, float> ? "double" : "float";
    CHECK_THROWS_MATCHES(readTest<OtherScalar<TestType>>(path), std::runtime_error,
                         MessageContains("the file stores " + saved + " values (scalar tag " +
                                         std::to_string(sizeof(TestType)) + "), expected " +
                                         other));

    SECTION("an unknown tag is named as such")
    {
        std::vector<unsigned char> bytes = readBytes(path);
        putLittle(bytes, 24, 7, 4);
        reseal(bytes);
        writeBytes(path, bytes);
        CHECK_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                             MessageContains("scalar tag 7, expected 4 (float) or 8 (double)"));
    }
}

TEMPLATE_TEST_CASE("ModelFile_OtherKindRefused", "[model_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("rbm.emrg");
    ModelRecord<TestType> record("rbm");
    record.addInteger("hidden", 3);
    writeModelFile(path, record);

    CHECK_THROWS_MATCHES(readModelFile<TestType>(path, "hopfield"), std::runtime_error,
                         MessageContains("the file holds a \"rbm\" model, expected \"hopfield\""));

    SECTION("a kind field with bytes after its padding is damaged")
    {
        std::vector<unsigned char> bytes = readBytes(path);
        bytes[20] = 'x';
        reseal(bytes);
        writeBytes(path, bytes);
        CHECK_THROWS_MATCHES(readModelFile<TestType>(path, "rbm"), std::runtime_error,
                             MessageContains("the model kind field holds \"rbm\\x00"));
    }
}

TEMPLATE_TEST_CASE("ModelFile_OtherVersionRefused", "[model_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("versioned.emrg");
    writeModelFile(path, sampleRecord<TestType>());
    std::vector<unsigned char> bytes = readBytes(path);

    SECTION("a newer version")
    {
        putLittle(bytes, 4, 2, 4);
        reseal(bytes);
        writeBytes(path, bytes);
        CHECK_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                             MessageContains("format version 2 is newer than version 1"));
    }

    SECTION("version 0")
    {
        putLittle(bytes, 4, 0, 4);
        reseal(bytes);
        writeBytes(path, bytes);
        CHECK_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                             MessageContains("format version 0, expected 1 to 1"));
    }
}

TEMPLATE_TEST_CASE("ModelFile_HugeSizesRefusedBeforeAllocation", "[model_file]", float, double)
{
    // Hand-written files with a correct checksum, so that only the size check can refuse
    // them; allocating what they claim would need exabytes.
    TemporaryFolder folder;
    const std::string path = folder.file("huge.emrg");
    const std::uint64_t tag = sizeof(TestType);
    const auto fileWithArray = [&](std::uint64_t rows, std::uint64_t cols)
    {
        std::vector<unsigned char> bytes = modelHeader("test", tag, 0, 1);
        appendName(bytes, "a");
        appendLittle(bytes, rows, 8);
        appendLittle(bytes, cols, 8);
        appendLittle(bytes, 0, 8);
        seal(bytes);
        writeBytes(path, bytes);
    };

    fileWithArray(std::uint64_t(1) << 60, 1);
    CHECK_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                         MessageContains("array \"a\" claims 1152921504606846976 x 1 values of " +
                                         std::to_string(tag) +
                                         " bytes, but only 8 bytes remain before the checksum"));

    // 2^60 x 2^60 wraps to 0 in 64 bits; the check must not be fooled by the product.
    fileWithArray(std::uint64_t(1) << 60, std::uint64_t(1) << 60);
    CHECK_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                         MessageContains("claims 1152921504606846976 x 1152921504606846976"));

    // No values at all, but a row count beyond Eigen::Index.
    fileWithArray(std::uint64_t(1) << 63, 0);
    CHECK_THROWS_MATCHES(readTest<TestType>(path), std::runtime_error,
                         MessageContains("claims 9223372036854775808 x 0"));

    SECTION("the bytes that remain are enough for a matching size")
    {
        fileWithArray(1, 8 / tag);
        CHECK(readModelFile<TestType>(path, "test").array("a").size() ==
              static_cast<Eigen::Index>(8 / tag));
    }
}

TEST_CASE("ModelFile_DamagedEntriesRefused", "[model_file]")
{
    TemporaryFolder folder;
    const std::string path = folder.file("entries.emrg");
    const auto write = [&](std::vector<unsigned char> bytes)
    {
        seal(bytes);
        writeBytes(path, bytes);
    };

    SECTION("more entries announced than present")
    {
        std::vector<unsigned char> bytes = modelHeader("test", 4, 4294967295u, 0);
        appendName(bytes, "n");
        appendLittle(bytes, 1, 8);
        write(bytes);
        CHECK_THROWS_MATCHES(
            readTest<float>(path), std::runtime_error,
            MessageContains("the name length of integer 1 needs 1 bytes at offset 46, but only 0 "
                            "remain before the checksum"));
    }

    SECTION("bytes after the last entry")
    {
        std::vector<unsigned char> bytes = modelHeader("test", 4, 1, 0);
        appendName(bytes, "n");
        appendLittle(bytes, 1, 8);
        bytes.push_back(0);
        write(bytes);
        CHECK_THROWS_MATCHES(readTest<float>(path), std::runtime_error,
                             MessageContains("the last entry ends at offset 46, but the checksum "
                                             "starts at 47: 1 unexpected bytes"));
    }

    SECTION("a name used twice")
    {
        std::vector<unsigned char> bytes = modelHeader("test", 4, 1, 1);
        appendName(bytes, "n");
        appendLittle(bytes, 1, 8);
        appendName(bytes, "n");
        appendLittle(bytes, 0, 8);
        appendLittle(bytes, 0, 8);
        write(bytes);
        CHECK_THROWS_MATCHES(readTest<float>(path), std::runtime_error,
                             MessageContains("the name \"n\" appears twice"));
    }

    SECTION("names of length 0, 65, or with a space")
    {
        std::vector<unsigned char> bytes = modelHeader("test", 4, 1, 0);
        bytes.push_back(0);
        write(bytes);
        CHECK_THROWS_MATCHES(readTest<float>(path), std::runtime_error,
                             MessageContains("the name of integer 0 has 0 bytes, expected 1 to "
                                             "64"));

        bytes = modelHeader("test", 4, 1, 0);
        appendName(bytes, std::string(65, 'x'));
        appendLittle(bytes, 1, 8);
        write(bytes);
        CHECK_THROWS_MATCHES(readTest<float>(path), std::runtime_error,
                             MessageContains("has 65 bytes, expected 1 to 64"));

        bytes = modelHeader("test", 4, 1, 0);
        appendName(bytes, "a b");
        appendLittle(bytes, 1, 8);
        write(bytes);
        CHECK_THROWS_MATCHES(readTest<float>(path), std::runtime_error,
                             MessageContains("the name of integer 0 is \"a b\", expected "
                                             "printable ASCII without spaces"));
    }
}

TEMPLATE_TEST_CASE("ModelFile_SaveReplacesAtomically", "[model_file]", float, double)
{
    TemporaryFolder folder;
    const std::string path = folder.file("model.emrg");
    ModelRecord<TestType> first("test");
    first.addInteger("version", 1);
    writeModelFile(path, first);
    writeModelFile(path, sampleRecord<TestType>());

    // The second save replaced the first completely and left no temporary file behind.
    CHECK(readModelFile<TestType>(path, "test").integer("count") == 12);
    CHECK(folder.entries() == std::vector<std::string>{"model.emrg"});

    SECTION("a missing folder is reported with the path and the reason")
    {
        const std::string missing = folder.file("no-such-folder/model.emrg");
        CHECK_THROWS_MATCHES(writeModelFile(missing, first), std::runtime_error,
                             MessageContains("writeModelFile(\"" + missing + "\")"));
        CHECK_THROWS_MATCHES(writeModelFile(missing, first), std::runtime_error,
                             MessageContains(std::strerror(ENOENT)));
        CHECK_THROWS_AS(writeModelFile("", first), std::invalid_argument);
    }
}

TEST_CASE("ModelRecord_InvalidNamesAndMissingEntries", "[model_file]")
{
    CHECK_THROWS_MATCHES(ModelRecord<float>(""), std::invalid_argument,
                         MessageContains("ModelRecord: the kind is \"\", expected 1 to 16 bytes"));
    CHECK_THROWS_AS(ModelRecord<float>(std::string(17, 'k')), std::invalid_argument);
    CHECK_THROWS_AS(ModelRecord<float>("two words"), std::invalid_argument);
    CHECK_NOTHROW(ModelRecord<double>(std::string(16, 'k')));

    ModelRecord<double> record("test");
    record.addInteger("n", 1);
    CHECK_THROWS_MATCHES(record.addArray("n", Eigen::MatrixXd::Zero(1, 1)), std::invalid_argument,
                         MessageContains("ModelRecord::addArray: the name \"n\" is already used"));
    CHECK_THROWS_MATCHES(record.addInteger(std::string(65, 'x'), 2), std::invalid_argument,
                         MessageContains("expected 1 to 64 bytes of printable ASCII"));
    CHECK_THROWS_MATCHES(record.addInteger("tab\t", 2), std::invalid_argument,
                         MessageContains("the name is \"tab\\x09\""));
    CHECK_THROWS_MATCHES(record.integer("m"), std::out_of_range,
                         MessageContains("no integer named \"m\""));
    CHECK_THROWS_MATCHES(record.array("n"), std::out_of_range,
                         MessageContains("no array named \"n\""));
}
