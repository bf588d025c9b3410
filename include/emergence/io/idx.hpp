#ifndef EMERGENCE_IO_IDX_HPP
#define EMERGENCE_IO_IDX_HPP

#include <emergence/detail/error.hpp>
#include <emergence/detail/file.hpp>
#include <emergence/detail/gzip.hpp>

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace emergence
{

/**
 * A set of 8-bit greyscale images read from or written to an IDX file (the format of MNIST
 * and Fashion-MNIST).
 *
 * `pixels` is (rows * columns) x count with one image per column, each in row-major pixel
 * order (pixel (r, c) at index r * columns + c), exactly the byte order of the file.
 */
struct IdxImages
{
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic> pixels; ///< one image a column
    Eigen::Index rows = 0;    ///< height of every image, in pixels
    Eigen::Index columns = 0; ///< width of every image, in pixels
};

/// Labels read from or written to an IDX file, one per sample.
using IdxLabels = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>;

/// Whether writeIdxImages() and writeIdxLabels() compress the file with gzip.
enum class IdxCompression
{
    None, ///< plain IDX bytes
    Gzip  ///< a gzip stream of the IDX bytes (zlib's default level), like the .gz downloads
};

namespace detail
{

/// Largest IDX stream, after decompression, that the readers accept: 2 GiB, far above the
/// 47 MB of the MNIST training images, and a guard against runaway gzip streams.
constexpr std::uint64_t MaxIdxBytes = std::uint64_t(1) << 31;

/// Formats a 32-bit value as 0x followed by eight hex digits.
inline std::string hex32(std::uint32_t value)
{
    std::ostringstream stream;
    stream << "0x" << std::hex << std::setw(8) << std::setfill('0') << value;
    return stream.str();
}

/// Reads a big-endian 32-bit field byte by byte (independent of the host's byte order).
inline std::uint32_t readBigEndian32(const unsigned char* bytes)
{
    return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) |
           (std::uint32_t(bytes[2]) << 8) | std::uint32_t(bytes[3]);
}

/// Writes a 32-bit value big-endian into four bytes.
inline void writeBigEndian32(std::uint32_t value, unsigned char* bytes)
{
    bytes[0] = static_cast<unsigned char>(value >> 24);
    bytes[1] = static_cast<unsigned char>(value >> 16);
    bytes[2] = static_cast<unsigned char>(value >> 8);
    bytes[3] = static_cast<unsigned char>(value);
}

/**
 * Checks an unsigned-byte IDX stream of `dimensions` dimensions and returns its sizes
 * (first the sample count). Nothing read from the header is used before the magic number
 * has been checked, and the exact length the sizes imply is compared with the bytes present.
 *
 * @param bytes the whole (decompressed) file.
 * @param dimensions 3 for images, 1 for labels.
 * @param what "images" or "labels", for messages.
 * @param context prefix of error messages.
 * @return the sizes, count first.
 * @throws std::runtime_error if the stream is not such an IDX stream.
 */
inline std::vector<std::uint64_t> parseIdxHeader(const std::vector<unsigned char>& bytes,
                                                 unsigned dimensions, const char* what,
                                                 const std::string& context)
{
    // The magic number first, so that an HTML error page or another format is named as such
    // before any of its bytes are taken for sizes.
    const std::uint32_t expectedMagic = 0x00000800u | dimensions;
    const char* dimensionWord = dimensions == 1 ? " dimension)" : " dimensions)";
    if (bytes.size() < 4)
        throw std::runtime_error(message(context, ": the data has ", bytes.size(),
                                         " bytes, too short for the 4-byte IDX magic number"));
    const std::uint32_t magic = readBigEndian32(bytes.data());
    if (magic != expectedMagic)
        throw std::runtime_error(message(context, ": magic number ", hex32(magic), ", expected ",
                                         hex32(expectedMagic), " (unsigned-byte ", what, ", ",
                                         dimensions, dimensionWord));

    const std::size_t headerBytes = 4 + 4 * std::size_t(dimensions);
    if (bytes.size() < headerBytes)
        throw std::runtime_error(message(context, ": the data has ", bytes.size(),
                                         " bytes, too short for the ", headerBytes,
                                         "-byte header"));

    // Sizes multiply in 64 bits; three 32-bit fields can still overflow, so each step checks.
    constexpr std::uint64_t largest = std::numeric_limits<std::uint64_t>::max();
    std::vector<std::uint64_t> sizes(dimensions);
    std::uint64_t payload = 1;
    bool overflow = false;
    std::string sizeList;
    for (unsigned d = 0; d < dimensions; ++d)
    {
        sizes[d] = readBigEndian32(bytes.data() + 4 + 4 * d);
        overflow = overflow || (sizes[d] != 0 && payload > largest / sizes[d]);
        payload = overflow ? payload : payload * sizes[d];
        sizeList += (d == 0 ? "" : " x ") + std::to_string(sizes[d]);
    }
    if (overflow)
        throw std::runtime_error(
            message(context, ": the header's sizes ", sizeList, " overflow 64 bits"));

    // Images of zero rows or columns cannot be shown or learned; a set of zero images can.
    for (unsigned d = 1; d < dimensions; ++d)
    {
        if (sizes[d] == 0)
            throw std::runtime_error(message(context, ": the header gives ", sizes[d],
                                             d == 1 ? " rows" : " columns",
                                             " per image, expected at least 1"));
    }

    const std::uint64_t expected = headerBytes + payload;
    if (payload > largest - headerBytes || bytes.size() != expected)
        throw std::runtime_error(message(context, ": the data has ", bytes.size(),
                                         " bytes, expected ", expected, " (", headerBytes,
                                         "-byte header and ", payload, " bytes of ", what, ")"));
    return sizes;
}

/// Quotes a path after a function name for messages: `function("path")`.
inline std::string fileContext(const char* function, const std::string& path)
{
    return message(function, "(\"", path, "\")");
}

/**
 * Writes an unsigned-byte IDX stream (header, then payload) atomically, gzip-compressed on
 * request.
 */
inline void writeIdx(const std::string& path, const std::vector<std::uint64_t>& sizes,
                     const unsigned char* payload, std::size_t payloadBytes,
                     IdxCompression compression, const std::string& context)
{
    std::vector<unsigned char> header(4 + 4 * sizes.size());
    writeBigEndian32(0x00000800u | static_cast<std::uint32_t>(sizes.size()), header.data());
    for (std::size_t d = 0; d < sizes.size(); ++d)
        writeBigEndian32(static_cast<std::uint32_t>(sizes[d]), header.data() + 4 + 4 * d);

    const ByteSpan headerSpan{header.data(), header.size()};
    const ByteSpan payloadSpan{payload, payloadBytes};
    if (compression == IdxCompression::Gzip)
    {
        const std::vector<unsigned char> compressed =
            gzipCompress({headerSpan, payloadSpan}, context);
        writeFileAtomically(path, {ByteSpan{compressed.data(), compressed.size()}}, context);
    }
    else
    {
        writeFileAtomically(path, {headerSpan, payloadSpan}, context);
    }
}

/// Throws std::invalid_argument unless `value` fits an IDX size field (32 bits unsigned).
inline void checkIdxField(Eigen::Index value, const char* what, const char* function)
{
    if (value < 0 || static_cast<std::uint64_t>(value) > 0xffffffffu)
        throw std::invalid_argument(detail::message(function, ": ", what, " is ", value,
                                                    ", expected a value in [0, 4294967295]"));
}

} // namespace detail

/**
 * Reads an IDX image file (magic 0x00000803: unsigned bytes, 3 dimensions), raw or gzip.
 *
 * @param path the file, e.g. "train-images-idx3-ubyte.gz"; gzip is detected from the data,
 *        not from the name.
 * @return the images: pixels is (rows * columns) x count, one image per column, row-major.
 * @throws std::runtime_error if the file cannot be opened or read (the message has the path
 *         and the system's reason), if the gzip data is corrupt, or if the data is not such an
 *         IDX file: wrong magic number, truncated or too long, zero rows or columns, more
 *         than 2 GiB after decompression.
 * @note Concatenated gzip members are read as one stream, as gzip does. After the last
 *       member zlib ignores trailing bytes that do not start another member, so such junk
 *       goes unnoticed; the decompressed IDX data itself must have the exact length.
 */
inline IdxImages readIdxImages(const std::string& path)
{
    const std::string context = detail::fileContext("readIdxImages", path);
    const std::vector<unsigned char> bytes =
        detail::readDecompressedFile(path, context, detail::MaxIdxBytes);
    const std::vector<std::uint64_t> sizes = detail::parseIdxHeader(bytes, 3, "images", context);

    // The sizes are now known to match the bytes present (at most 2 GiB), so they fit Index.
    IdxImages images;
    images.rows = static_cast<Eigen::Index>(sizes[1]);
    images.columns = static_cast<Eigen::Index>(sizes[2]);
    images.pixels.resize(images.rows * images.columns, static_cast<Eigen::Index>(sizes[0]));

    // Image after image, each row-major: exactly Eigen's column-major layout of one image
    // per column.
    if (images.pixels.size() > 0)
        std::memcpy(images.pixels.data(), bytes.data() + 16,
                    static_cast<std::size_t>(images.pixels.size()));
    return images;
}

/**
 * Reads an IDX label file (magic 0x00000801: unsigned bytes, 1 dimension), raw or gzip.
 *
 * @param path the file, e.g. "train-labels-idx1-ubyte.gz"; gzip is detected from the data.
 * @return one label per sample, in file order.
 * @throws std::runtime_error if the file cannot be opened or read (the message has the path
 *         and the system's reason), if the gzip data is corrupt, or if the data is not such an
 *         IDX file (wrong magic number, truncated or too long, more than 2 GiB).
 * @note Gzip is handled as in readIdxImages().
 */
inline IdxLabels readIdxLabels(const std::string& path)
{
    const std::string context = detail::fileContext("readIdxLabels", path);
    const std::vector<unsigned char> bytes =
        detail::readDecompressedFile(path, context, detail::MaxIdxBytes);
    const std::vector<std::uint64_t> sizes = detail::parseIdxHeader(bytes, 1, "labels", context);

    IdxLabels labels(static_cast<Eigen::Index>(sizes[0]));
    if (labels.size() > 0)
        std::memcpy(labels.data(), bytes.data() + 8, static_cast<std::size_t>(labels.size()));
    return labels;
}

/**
 * Writes images as an IDX file (magic 0x00000803), replacing `path` atomically: the data goes
 * to a temporary file in the same folder, renamed into place only when complete.
 *
 * @param path the file to create or replace.
 * @param images pixels of (rows * columns) x count, one row-major image per column; rows and
 *        columns at least 1, every size at most 2^32 - 1, the file at most 2 GiB (the
 *        readers' limit).
 * @param compression IdxCompression::Gzip to gzip the file (name it ".gz"), None for raw.
 * @throws std::invalid_argument if the sizes are inconsistent or too large, or the path is empty.
 * @throws std::runtime_error if the file cannot be written (path and system reason given).
 */
inline void writeIdxImages(const std::string& path, const IdxImages& images,
                           IdxCompression compression = IdxCompression::None)
{
    const std::string context = detail::fileContext("writeIdxImages", path);
    const char* function = "writeIdxImages";
    if (images.rows < 1 || images.columns < 1)
        throw std::invalid_argument(detail::message(function, ": images are ", images.rows, " x ",
                                                    images.columns, ", expected at least 1 x 1"));
    detail::checkIdxField(images.rows, "rows", function);
    detail::checkIdxField(images.columns, "columns", function);
    detail::checkIdxField(images.pixels.cols(), "the image count", function);

    // rows and columns are below 2^32 each, so their product fits in 64 bits.
    const std::uint64_t pixelsPerImage =
        static_cast<std::uint64_t>(images.rows) * static_cast<std::uint64_t>(images.columns);
    if (static_cast<std::uint64_t>(images.pixels.rows()) != pixelsPerImage)
        throw std::invalid_argument(detail::message(
            function, ": pixels has ", images.pixels.rows(), " rows, expected ", pixelsPerImage,
            " (", images.rows, " x ", images.columns, " pixels per image)"));

    const auto payload = static_cast<std::uint64_t>(images.pixels.size());
    if (16 + payload > detail::MaxIdxBytes)
        throw std::invalid_argument(
            detail::message(function, ": the file would hold ", 16 + payload,
                            " bytes, more than the readers accept (", detail::MaxIdxBytes, ")"));

    const std::vector<std::uint64_t> sizes{static_cast<std::uint64_t>(images.pixels.cols()),
                                           static_cast<std::uint64_t>(images.rows),
                                           static_cast<std::uint64_t>(images.columns)};
    detail::writeIdx(path, sizes, images.pixels.data(), static_cast<std::size_t>(payload),
                     compression, context);
}

/**
 * Writes labels as an IDX file (magic 0x00000801), replacing `path` atomically.
 *
 * @param path the file to create or replace.
 * @param labels one label per sample (any 8-bit vector: a block or a map binds without copy);
 *        at most 2 GiB - 8 of them.
 * @param compression IdxCompression::Gzip to gzip the file, None for raw.
 * @throws std::invalid_argument if there are too many labels or the path is empty.
 * @throws std::runtime_error if the file cannot be written (path and system reason given).
 */
inline void writeIdxLabels(const std::string& path, const Eigen::Ref<const IdxLabels>& labels,
                           IdxCompression compression = IdxCompression::None)
{
    const std::string context = detail::fileContext("writeIdxLabels", path);
    const auto count = static_cast<std::uint64_t>(labels.size());
    if (8 + count > detail::MaxIdxBytes)
        throw std::invalid_argument(
            detail::message("writeIdxLabels: the file would hold ", 8 + count,
                            " bytes, more than the readers accept (", detail::MaxIdxBytes, ")"));

    // Ref with unit inner stride holds its labels contiguously (it copies strided input).
    detail::writeIdx(path, {count}, labels.data(), static_cast<std::size_t>(count), compression,
                     context);
}

} // namespace emergence

#endif // EMERGENCE_IO_IDX_HPP
