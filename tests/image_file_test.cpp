// Tests for io/image_file.hpp: hand-made PNG, BMP, PGM and TGA files with hand-worked grey
// values, PNG round trips, and errors that name the path and the reason.
#include <emergence/io/image_file.hpp>

#include "support/io_support.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using emergence::GrayImage;
using emergence::readImage;
using emergence::writePng;
using emergence::test::fromHex;
using emergence::test::MessageContains;
using emergence::test::readBytes;
using emergence::test::TemporaryFolder;
using emergence::test::writeBytes;

namespace
{

// A 3 x 1 RGB PNG with pixels (10, 10, 10), (200, 200, 200) and (255, 0, 0). stb's grey is
// (77 R + 150 G + 29 B) >> 8: 2560 >> 8 = 10, 51200 >> 8 = 200, 19635 >> 8 = 76.
const char* const RgbPngHex =
    "89504e470d0a1a0a0000000d4948445200000003000000010802000000948283e3000000124944415478da63"
    "e0e2e23a71e2c47f0606000faf037622696c8c0000000049454e44ae426082";

// A 2 x 1 palette PNG: palette (10, 10, 10), (200, 200, 200), pixels using entries 0 and 1.
const char* const PalettePngHex =
    "89504e470d0a1a0a0000000d4948445200000002000000010803000000c3fc8fb800000006504c54450a0a0a"
    "c8c8c828d1b2500000000b4944415478da6360600400000400022cde48ad0000000049454e44ae426082";

} // namespace

TEST_CASE("ReadImage_ConvertsRgbPngWithStbWeights", "[image_file]")
{
    TemporaryFolder folder;

    const GrayImage image = readImage(hexFile(folder, "rgb.png", RgbPngHex));

    REQUIRE(image.rows() == 1);
    REQUIRE(image.cols() == 3);
    REQUIRE(int(image(0, 0)) == 10);
    REQUIRE(int(image(0, 1)) == 200);
    REQUIRE(int(image(0, 2)) == 76);
}

TEST_CASE("ReadImage_ExpandsPalettePng", "[image_file]")
{
    TemporaryFolder folder;

    const GrayImage image = readImage(hexFile(folder, "palette.png", PalettePngHex));

    REQUIRE(image.rows() == 1);
    REQUIRE(image.cols() == 2);
    REQUIRE(int(image(0, 0)) == 10);
    REQUIRE(int(image(0, 1)) == 200);
}

TEST_CASE("ReadImage_ReadsPgmRowsTopToBottom", "[image_file]")
{
    // Binary PGM "P5\n2 2\n255\n" then pixels 1 2 / 3 4, stored row by row from the top.
    TemporaryFolder folder;

    const std::string hex = "5035 0a 3220320a 3235350a 01020304";

    const GrayImage image = readImage(hexFile(folder, "square.pgm", hex));

    GrayImage expected(2, 2);
    expected << 1, 2,
                3, 4;
    REQUIRE(image == expected);
}

TEST_CASE("ReadImage_ReadsBottomUpBmp", "[image_file]")
{
    // A 24-bit BMP one pixel wide and two high. BMP stores the bottom row first and each
    // pixel as B, G, R: bottom blue (0, 0, 255) -> 255 * 29 >> 8 = 28, top green
    // (0, 255, 0) -> 255 * 150 >> 8 = 149. Rows are padded to 4 bytes.
    TemporaryFolder folder;
    const std::string hex = "424d 3e000000 00000000 36000000"
                            "28000000 01000000 02000000 0100 1800 00000000 08000000"
                            "00000000 00000000 00000000 00000000"
                            "ff0000 00 00ff00 00";

    const GrayImage image = readImage(hexFile(folder, "column.bmp", hex));

    REQUIRE(image.rows() == 2);
    REQUIRE(image.cols() == 1);
    REQUIRE(int(image(0, 0)) == 149);
    REQUIRE(int(image(1, 0)) == 28);
}

TEST_CASE("ReadImage_DropsAlphaInsteadOfCompositing", "[image_file]")
{
    // An uncompressed 32-bit TGA of one pure red, fully transparent pixel (B, G, R, A =
    // 0, 0, 255, 0): the grey of its colour, 76, not the 0 that compositing on black gives.
    TemporaryFolder folder;
    const std::string hex = "00 00 02 0000000000 0000 0000 0100 0100 20 28 0000ff00";

    const GrayImage image = readImage(hexFile(folder, "red.tga", hex));

    REQUIRE(image.size() == 1);
    REQUIRE(int(image(0, 0)) == 76);
}

TEST_CASE("WritePng_RoundTripsEveryGrey", "[image_file]")
{
    // 16 x 16 holds each of the 256 grey levels once, laid out so that a transposed or
    // mirrored read would be caught.
    TemporaryFolder folder;
    GrayImage image(16, 16);
    for (Eigen::Index r = 0; r < 16; ++r)
    {
        for (Eigen::Index c = 0; c < 16; ++c)
            image(r, c) = static_cast<std::uint8_t>(r * 16 + c);
    }
    const std::string path = folder.file("levels.png");

    writePng(path, image);

    const std::vector<unsigned char> bytes = readBytes(path);
    REQUIRE(bytes.size() > 8);
    REQUIRE(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 8) ==
            fromHex("89504e470d0a1a0a"));
    REQUIRE(readImage(path) == image);
    REQUIRE(folder.entries() == std::vector<std::string>{"levels.png"});
}

TEST_CASE("WritePng_TakesBlocksAndNonSquareImages", "[image_file]")
{
    TemporaryFolder folder;
    GrayImage image(3, 5);
    image << 0, 1, 2, 3, 4,
             50, 60, 70, 80, 90,
             255, 254, 253, 252, 251;
    const std::string path = folder.file("block.png");

    writePng(path, image.block(1, 1, 2, 3));

    REQUIRE(readImage(path) == image.block(1, 1, 2, 3));
    writePng(path, image.transpose());
    REQUIRE(readImage(path) == GrayImage(image.transpose()));
}

TEST_CASE("ReadImage_MissingFileNamesPathAndReason", "[image_file]")
{
    TemporaryFolder folder;
    const std::string path = folder.file("missing.png");

    REQUIRE_THROWS_MATCHES(readImage(path), std::runtime_error,
                           MessageContains("readImage(\"" + path + "\"): cannot open the file: " +
                                           std::strerror(ENOENT)));
}

TEST_CASE("ReadImage_CorruptFilesNameThePathAndStbsReason", "[image_file]")
{
    TemporaryFolder folder;
    const std::vector<unsigned char> png = fromHex(RgbPngHex);

    // The reason is what stb gives for the same bytes, asked directly in this unit.
    const auto stbReason = [](const std::vector<unsigned char>& bytes)
    {
        int width = 0;
        int height = 0;
        int channels = 0;
        stbi_uc* pixels = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()),
                                                &width, &height, &channels, 1);
        REQUIRE(pixels == nullptr);
        return std::string(stbi_failure_reason());
    };

    // Cut inside the image data.
    const std::vector<unsigned char> cut(png.begin(), png.begin() + 50);
    const std::string cutPath = folder.file("cut.png");
    writeBytes(cutPath, cut);
    REQUIRE_THROWS_MATCHES(readImage(cutPath), std::runtime_error,
                           MessageContains("readImage(\"" + cutPath + "\"): cannot decode the "
                                           "image") &&
                               MessageContains("stb_image says \"" + stbReason(cut) + "\""));

    // Not an image at all, and an empty file.
    const std::vector<unsigned char> text = fromHex("48656c6c6f2c20776f726c640a");
    const std::string textPath = folder.file("hello.png");
    writeBytes(textPath, text);
    REQUIRE_THROWS_MATCHES(readImage(textPath), std::runtime_error,
                           MessageContains(textPath) && MessageContains(stbReason(text)));

    const std::string emptyPath = folder.file("empty.png");
    writeBytes(emptyPath, {});
    REQUIRE_THROWS_MATCHES(readImage(emptyPath), std::runtime_error,
                           MessageContains("readImage(\"" + emptyPath + "\"): the file is "
                                           "empty"));
}

TEST_CASE("WritePng_RejectsEmptyAndHugeImagesAndBadFolders", "[image_file]")
{
    TemporaryFolder folder;

    REQUIRE_THROWS_MATCHES(writePng(folder.file("empty.png"), GrayImage(0, 3)),
                           std::invalid_argument,
                           MessageContains("the image is 0 x 3, expected at least 1 x 1"));

    // A constant expression has its size without storage, so no memory is touched here.
    REQUIRE_THROWS_MATCHES(writePng(folder.file("huge.png"), GrayImage::Zero(2, 1 << 30)),
                           std::invalid_argument,
                           MessageContains("the image is 2 x 1073741824, too large for the PNG "
                                           "writer"));

    const std::string path = folder.file("no-such-folder/image.png");
    REQUIRE_THROWS_MATCHES(writePng(path, GrayImage::Zero(2, 2)), std::runtime_error,
                           MessageContains("writePng(\"" + path + "\")") &&
                               MessageContains(std::strerror(ENOENT)));
    REQUIRE(folder.entries().empty());

    REQUIRE_THROWS_MATCHES(writePng("", GrayImage::Zero(2, 2)), std::invalid_argument,
                           MessageContains("writePng(\"\"): the path is empty"));
}
