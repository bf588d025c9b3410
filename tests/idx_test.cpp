// Tests for io/idx.hpp: hand-made IDX files (raw and gzip), round trips, every documented
// error, and the committed Fashion-MNIST subset.
#include <emergence/io/idx.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using emergence::IdxCompression;
using emergence::IdxImages;
using emergence::IdxLabels;
using emergence::readIdxImages;
using emergence::readIdxLabels;
using emergence::writeIdxImages;
using emergence::writeIdxLabels;
using emergence::test::fromHex;
using emergence::test::MessageContains;
using emergence::test::readBytes;
using emergence::test::TemporaryFolder;
using emergence::test::writeBytes;

namespace
{

// Two 3 x 2 images, [[0, 13], [10, 26], [128, 255]] and [[1, 2], [3, 4], [5, 6]]. The bytes
// 0d 0a 1a (CR, LF, Ctrl-Z) are mangled by a reader that opens the file in text mode.
const char* const ImageHex = "00000803 00000002 00000003 00000002 000d0a1a80ff 010203040506";
const char* const LabelHex = "00000801 00000002 0703";

/// Compresses bytes into a gzip file with zlib's own gzip writer, independent of ours.
void writeGzip(const std::string& path, const std::vector<unsigned char>& bytes)
{
    gzFile file = gzopen(path.c_str(), "wb");
    REQUIRE(file != nullptr);
    REQUIRE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) ==
            static_cast<int>(bytes.size()));
    REQUIRE(gzclose(file) == Z_OK);
}

/// Decompresses a gzip file with zlib's own gzip reader.
std::vector<unsigned char> readGzip(const std::string& path)
{
    gzFile file = gzopen(path.c_str(), "rb");
    REQUIRE(file != nullptr);
    std::vector<unsigned char> bytes(1 << 16);
    const int got = gzread(file, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(file);
    REQUIRE(got >= 0);
    bytes.resize(static_cast<std::size_t>(got));
    return bytes;
}

/// The two field-case images as IdxImages.
IdxImages fieldImages()
{
    IdxImages images;
    images.rows = 3;
    images.columns = 2;
    images.pixels.resize(6, 2);
    images.pixels.col(0) << 0, 13, 10, 26, 128, 255;
    images.pixels.col(1) << 1, 2, 3, 4, 5, 6;
    return images;
}

/// Checks that `images` holds exactly the two field-case images.
void requireFieldImages(const IdxImages& images)
{
    REQUIRE(images.rows == 3);
    REQUIRE(images.columns == 2);
    REQUIRE(images.pixels.rows() == 6);
    REQUIRE(images.pixels.cols() == 2);
    REQUIRE(images.pixels == fieldImages().pixels);

    // Pixel (r, c) of image k sits at row r * columns + c of column k.
    REQUIRE(images.pixels(2 * 2 + 1, 0) == 255);
    REQUIRE(images.pixels(1 * 2 + 0, 0) == 10);
    REQUIRE(images.pixels(2 * 2 + 0, 1) == 5);
}

} // namespace

TEST_CASE("ReadIdxImages_ReadsTheHandMadeFile", "[idx]")
{
    TemporaryFolder folder;
    const std::string path = hexFile(folder, "images.idx", ImageHex);

    const IdxImages images = readIdxImages(path);

    requireFieldImages(images);
}

TEST_CASE("ReadIdxLabels_ReadsTheHandMadeFile", "[idx]")
{
    TemporaryFolder folder;
    const std::string path = hexFile(folder, "labels.idx", LabelHex);

    const IdxLabels labels = readIdxLabels(path);

    REQUIRE(labels.size() == 2);
    REQUIRE(labels(0) == 7);
    REQUIRE(labels(1) == 3);
}

TEST_CASE("ReadIdx_GzipFilesReadLikeRawOnes", "[idx]")
{
    TemporaryFolder folder;
    writeGzip(folder.file("images.idx.gz"), fromHex(ImageHex));
    writeGzip(folder.file("labels.idx.gz"), fromHex(LabelHex));

    requireFieldImages(readIdxImages(folder.file("images.idx.gz")));
    REQUIRE(readIdxLabels(folder.file("labels.idx.gz")) == IdxLabels{{7, 3}});
}

TEST_CASE("WriteIdxImages_WritesTheExactBytesAndReadsBack", "[idx]")
{
    TemporaryFolder folder;
    const std::string raw = folder.file("images.idx");
    const std::string gzip = folder.file("images.idx.gz");

    writeIdxImages(raw, fieldImages());
    writeIdxImages(gzip, fieldImages(), IdxCompression::Gzip);

    // The raw file is byte for byte the hand-made one; the gzip file starts with gzip's magic
    // 1f 8b and zlib's own reader recovers the same bytes.
    REQUIRE(readBytes(raw) == fromHex(ImageHex));
    const std::vector<unsigned char> compressed = readBytes(gzip);
    REQUIRE(compressed.size() > 2);
    REQUIRE(compressed[0] == 0x1f);
    REQUIRE(compressed[1] == 0x8b);
    REQUIRE(readGzip(gzip) == fromHex(ImageHex));
    requireFieldImages(readIdxImages(gzip));
}

TEST_CASE("WriteIdxLabels_WritesTheExactBytesAndReadsBack", "[idx]")
{
    TemporaryFolder folder;
    const IdxLabels labels{{7, 3}};

    writeIdxLabels(folder.file("labels.idx"), labels);
    writeIdxLabels(folder.file("labels.idx.gz"), labels, IdxCompression::Gzip);

    REQUIRE(readBytes(folder.file("labels.idx")) == fromHex(LabelHex));
    REQUIRE(readGzip(folder.file("labels.idx.gz")) == fromHex(LabelHex));
    REQUIRE(readIdxLabels(folder.file("labels.idx.gz")) == labels);
}

TEST_CASE("WriteIdxLabels_TakesStridedExpressions", "[idx]")
{
    TemporaryFolder folder;
    Eigen::Matrix<std::uint8_t, 2, 3> table;
    table << 1, 2, 3,
             4, 5, 6;

    // The second row of a column-major table is strided in memory.
    writeIdxLabels(folder.file("labels.idx"), table.row(1).transpose());

    REQUIRE(readIdxLabels(folder.file("labels.idx")) == IdxLabels{{4, 5, 6}});
}

TEST_CASE("WriteIdx_ReplacesFilesAndLeavesNoTemporaries", "[idx]")
{
    TemporaryFolder folder;
    const std::string path = folder.file("images.idx");
    IdxImages images = fieldImages();

    writeIdxImages(path, images);
    images.pixels(0, 0) = 99;
    writeIdxImages(path, images);

    REQUIRE(readIdxImages(path).pixels(0, 0) == 99);
    REQUIRE(folder.entries() == std::vector<std::string>{"images.idx"});
}

TEST_CASE("WriteIdx_BadArgumentsLeaveTheOldFileUntouched", "[idx]")
{
    TemporaryFolder folder;
    const std::string path = folder.file("images.idx");
    writeIdxImages(path, fieldImages());

    IdxImages mismatched = fieldImages();
    mismatched.columns = 3;
    REQUIRE_THROWS_MATCHES(writeIdxImages(path, mismatched), std::invalid_argument,
                           MessageContains("writeIdxImages: pixels has 6 rows, expected 9 (3 x "
                                           "3 pixels per image)"));

    IdxImages empty = fieldImages();
    empty.rows = 0;
    REQUIRE_THROWS_MATCHES(writeIdxImages(path, empty), std::invalid_argument,
                           MessageContains("images are 0 x 2, expected at least 1 x 1"));

    // Sizes beyond the 32-bit header fields are refused before the pixels are looked at.
    IdxImages tall = fieldImages();
    tall.rows = 5000000000;
    REQUIRE_THROWS_MATCHES(writeIdxImages(path, tall), std::invalid_argument,
                           MessageContains("rows is 5000000000, expected a value in [0, "
                                           "4294967295]"));

    REQUIRE(readBytes(path) == fromHex(ImageHex));
    REQUIRE(folder.entries() == std::vector<std::string>{"images.idx"});
}

TEST_CASE("WriteIdx_MissingFolderNamesPathAndReason", "[idx]")
{
    TemporaryFolder folder;
    const std::string path = folder.file("no-such-folder/images.idx");

    REQUIRE_THROWS_MATCHES(writeIdxImages(path, fieldImages()), std::runtime_error,
                           MessageContains("writeIdxImages(\"" + path + "\")") &&
                               MessageContains(std::strerror(ENOENT)));
    REQUIRE_THROWS_MATCHES(writeIdxLabels(path, IdxLabels{{1}}), std::runtime_error,
                           MessageContains(std::strerror(ENOENT)));
    REQUIRE(folder.entries().empty());
}

TEST_CASE("ReadIdx_MissingFileNamesPathAndReason", "[idx]")
{
    TemporaryFolder folder;
    const std::string path = folder.file("missing.idx");

    REQUIRE_THROWS_MATCHES(readIdxImages(path), std::runtime_error,
                           MessageContains("readIdxImages(\"" + path + "\"): cannot open the "
                                           "file: " + std::strerror(ENOENT)));
    REQUIRE_THROWS_MATCHES(readIdxLabels(path), std::runtime_error,
                           MessageContains("readIdxLabels(\"" + path + "\")") &&
                               MessageContains(std::strerror(ENOENT)));
}

TEST_CASE("ReadIdx_RefusesOtherFormatsByTheirMagicNumber", "[idx]")
{
    TemporaryFolder folder;

    // An HTML page saved under the data set's name, with sizes that would be huge if read.
    const std::string html = hexFile(folder, "page.html", "3c21444f 43545950 45206874 6d6c3e0a");
    REQUIRE_THROWS_MATCHES(readIdxImages(html), std::runtime_error,
                           MessageContains("magic number 0x3c21444f, expected 0x00000803 "
                                           "(unsigned-byte images, 3 dimensions)"));

    const std::string odd = hexFile(folder, "odd.idx", "61000803 00000001 00000001 00000001 00");
    REQUIRE_THROWS_MATCHES(readIdxImages(odd), std::runtime_error,
                           MessageContains("magic number 0x61000803"));

    // Labels are not images and images are not labels.
    const std::string labels = hexFile(folder, "labels.idx", LabelHex);
    REQUIRE_THROWS_MATCHES(readIdxImages(labels), std::runtime_error,
                           MessageContains("readIdxImages(\"" + labels + "\"): magic number "
                                           "0x00000801, expected 0x00000803 (unsigned-byte "
                                           "images, 3 dimensions)"));
    const std::string images = hexFile(folder, "images.idx", ImageHex);
    REQUIRE_THROWS_MATCHES(readIdxLabels(images), std::runtime_error,
                           MessageContains("magic number 0x00000803, expected 0x00000801 "
                                           "(unsigned-byte labels, 1 dimension)"));

    // Two dimensions, and another element type (0x0d: 32-bit floats).
    const std::string matrix = hexFile(folder, "matrix.idx", "00000802 00000001 00000001 00");
    REQUIRE_THROWS_MATCHES(readIdxImages(matrix), std::runtime_error,
                           MessageContains("magic number 0x00000802"));
    const std::string floats = hexFile(folder, "floats.idx", "00000d01 00000001 00000000");
    REQUIRE_THROWS_MATCHES(readIdxLabels(floats), std::runtime_error,
                           MessageContains("magic number 0x00000d01"));
}

TEST_CASE("ReadIdx_RejectsShortFilesBeforeReadingFields", "[idx]")
{
    TemporaryFolder folder;

    const std::string empty = hexFile(folder, "empty.idx", "");
    REQUIRE_THROWS_MATCHES(readIdxImages(empty), std::runtime_error,
                           MessageContains("the data has 0 bytes, too short for the 4-byte IDX "
                                           "magic number"));

    const std::string two = hexFile(folder, "two.idx", "0000");
    REQUIRE_THROWS_MATCHES(readIdxLabels(two), std::runtime_error,
                           MessageContains("the data has 2 bytes"));

    // A header cut after the count: 8 of the 16 header bytes.
    const std::string header = hexFile(folder, "header.idx", "00000803 00000002");
    REQUIRE_THROWS_MATCHES(readIdxImages(header), std::runtime_error,
                           MessageContains("the data has 8 bytes, too short for the 16-byte "
                                           "header"));
}

TEST_CASE("ReadIdx_ComparesTheExactLength", "[idx]")
{
    TemporaryFolder folder;
    const std::string full = ImageHex;

    // One pixel missing: 27 of 28 bytes.
    const std::string truncated = hexFile(folder, "truncated.idx", full.substr(0, full.size() - 2));
    REQUIRE_THROWS_MATCHES(readIdxImages(truncated), std::runtime_error,
                           MessageContains("the data has 27 bytes, expected 28 (16-byte header "
                                           "and 12 bytes of images)"));

    // One byte too many is an error too.
    const std::string trailing = hexFile(folder, "trailing.idx", full + "00");
    REQUIRE_THROWS_MATCHES(readIdxImages(trailing), std::runtime_error,
                           MessageContains("the data has 29 bytes, expected 28"));

    const std::string labels = hexFile(folder, "labels.idx", "00000801 00000003 0703");
    REQUIRE_THROWS_MATCHES(readIdxLabels(labels), std::runtime_error,
                           MessageContains("the data has 10 bytes, expected 11 (8-byte header "
                                           "and 3 bytes of labels)"));

    // A header announcing 4294967295 images of 28 x 28 in a 16-byte file: refused by
    // comparison, without allocating anything of that size.
    const std::string huge = hexFile(folder, "huge.idx", "00000803 ffffffff 0000001c 0000001c");
    REQUIRE_THROWS_MATCHES(readIdxImages(huge), std::runtime_error,
                           MessageContains("the data has 16 bytes, expected 3367254359296"));
}

TEST_CASE("ReadIdx_RejectsZeroSizesAndOverflow", "[idx]")
{
    TemporaryFolder folder;

    const std::string rows = hexFile(folder, "rows.idx", "00000803 00000001 00000000 00000002");
    REQUIRE_THROWS_MATCHES(readIdxImages(rows), std::runtime_error,
                           MessageContains("the header gives 0 rows per image, expected at "
                                           "least 1"));
    const std::string columns = hexFile(folder, "cols.idx", "00000803 00000001 00000002 00000000");
    REQUIRE_THROWS_MATCHES(readIdxImages(columns), std::runtime_error,
                           MessageContains("0 columns per image"));

    // (2^32 - 1)^3 does not fit 64 bits.
    const std::string overflow = hexFile(folder, "overflow.idx",
                                         "00000803 ffffffff ffffffff ffffffff");
    REQUIRE_THROWS_MATCHES(readIdxImages(overflow), std::runtime_error,
                           MessageContains("sizes 4294967295 x 4294967295 x 4294967295 "
                                           "overflow 64 bits"));
}

TEST_CASE("ReadIdx_ZeroImagesGiveAnEmptySet", "[idx]")
{
    TemporaryFolder folder;
    const std::string path = hexFile(folder, "none.idx", "00000803 00000000 0000001c 0000001c");

    const IdxImages images = readIdxImages(path);

    REQUIRE(images.rows == 28);
    REQUIRE(images.columns == 28);
    REQUIRE(images.pixels.rows() == 784);
    REQUIRE(images.pixels.cols() == 0);
}

TEST_CASE("ReadIdx_CorruptAndTruncatedGzipAreErrors", "[idx]")
{
    TemporaryFolder folder;
    const std::string good = folder.file("good.gz");
    writeGzip(good, fromHex(ImageHex));
    const std::vector<unsigned char> compressed = readBytes(good);

    // Without its 8-byte trailer (CRC and length) the stream ends early.
    const std::string cut = folder.file("cut.gz");
    writeBytes(cut, std::vector<unsigned char>(compressed.begin(), compressed.end() - 8));
    REQUIRE_THROWS_MATCHES(readIdxImages(cut), std::runtime_error,
                           MessageContains("readIdxImages(\"" + cut + "\"): corrupt or "
                                           "truncated gzip data: unexpected end of file"));

    // A changed CRC byte fails gzip's integrity check.
    std::vector<unsigned char> damaged = compressed;
    damaged[damaged.size() - 8] ^= 0xff;
    const std::string bad = folder.file("bad.gz");
    writeBytes(bad, damaged);
    REQUIRE_THROWS_MATCHES(readIdxImages(bad), std::runtime_error,
                           MessageContains("corrupt or truncated gzip data: incorrect data "
                                           "check"));
}

TEST_CASE("ReadDecompressedFile_EnforcesTheSizeLimit", "[idx]")
{
    // The 2 GiB limit of the readers is a parameter of the helper, so a small one stands in.
    TemporaryFolder folder;
    const std::string path = hexFile(folder, "images.idx", ImageHex);

    REQUIRE_THROWS_MATCHES(emergence::detail::readDecompressedFile(path, "context", 10),
                           std::runtime_error,
                           MessageContains("context: the data holds more than 10 bytes"));
    REQUIRE(emergence::detail::readDecompressedFile(path, "context", 28).size() == 28);
}

TEST_CASE("ReadIdx_ReadsTheCommittedFashionMnistSubset", "[idx]")
{
    const IdxImages train = readIdxImages(EMERGENCE_DATA_DIR "/train-1000-images-idx3-ubyte.gz");
    const IdxLabels labels = readIdxLabels(EMERGENCE_DATA_DIR "/train-1000-labels-idx1-ubyte.gz");
    const IdxImages test = readIdxImages(EMERGENCE_DATA_DIR "/t10k-1000-images-idx3-ubyte.gz");
    const IdxLabels testLabels =
        readIdxLabels(EMERGENCE_DATA_DIR "/t10k-1000-labels-idx1-ubyte.gz");

    REQUIRE(train.rows == 28);
    REQUIRE(train.columns == 28);
    REQUIRE(train.pixels.rows() == 784);
    REQUIRE(train.pixels.cols() == 1000);
    REQUIRE(test.pixels.cols() == 1000);
    REQUIRE(labels.size() == 1000);
    REQUIRE(testLabels.size() == 1000);
    REQUIRE(labels.maxCoeff() <= 9);
    REQUIRE(testLabels.maxCoeff() <= 9);

    // The first training image of Fashion-MNIST is an ankle boot: class 9 in the label table
    // of the data set's README. (Checked by eye on a PNG of image 0 drawn with imageGrid, and
    // byte 8 of Debian's full train-labels file is 9 too.)
    REQUIRE(labels(0) == 9);

    // Values printed by Python from the same file (pixel (r, c) of image k at offset
    // 16 + 784 k + 28 r + c), e.g.
    //   python3 -c 'import gzip; d = gzip.open("data/train-1000-images-idx3-ubyte.gz").read();
    //               print(d[16 + 14 * 28 + 14], sum(d[16:800]))'
    // printed 217 76247; the other pixels and labels came from the same kind of command.
    REQUIRE(train.pixels(14 * 28 + 14, 0) == 217);
    REQUIRE(train.pixels(20 * 28 + 10, 0) == 197);
    REQUIRE(train.pixels(0, 0) == 0);
    REQUIRE(train.pixels(27 * 28 + 27, 0) == 0);
    REQUIRE(train.pixels(14 * 28 + 14, 1) == 204);
    REQUIRE(train.pixels(14 * 28 + 14, 999) == 194);
    REQUIRE(train.pixels(10 * 28 + 5, 999) == 174);
    REQUIRE(train.pixels.col(0).cast<int>().sum() == 76247);
    REQUIRE(train.pixels.cast<std::int64_t>().sum() == 56558003);
    REQUIRE(labels.head(10) == IdxLabels{{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}});
    REQUIRE(testLabels.head(10) == IdxLabels{{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}});
}
