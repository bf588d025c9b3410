#ifndef EMERGENCE_DETAIL_GZIP_HPP
#define EMERGENCE_DETAIL_GZIP_HPP

#include <emergence/detail/error.hpp>
#include <emergence/detail/file.hpp>

#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace emergence::detail
{

/// Closes a zlib file stream when its owner goes out of scope.
struct GzCloser
{
    void operator()(gzFile_s* file) const { gzclose(file); }
};

/**
 * Reads a whole file, decompressing it if it is gzip (zlib reads other files unchanged).
 * The buffer grows in fixed chunks as bytes arrive, never from a size announced in the data.
 *
 * @param path the file to read.
 * @param context prefix of error messages, e.g. `readIdxImages("train.gz")`.
 * @param maxBytes the largest decompressed size accepted.
 * @return the (decompressed) bytes.
 * @throws std::runtime_error if the file cannot be opened or read (with the system's reason),
 *         if the gzip data is corrupt or truncated (with zlib's reason), or if it holds more
 *         than maxBytes bytes.
 */
inline std::vector<unsigned char>
readDecompressedFile(const std::string& path, const std::string& context, std::uint64_t maxBytes)
{
    errno = 0;
    std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
    if (!file)
        throw std::runtime_error(message(context, ": cannot open the file: ", reasonText(errno)));

    std::vector<unsigned char> bytes;
    unsigned char chunk[65536];
    while (true)
    {
        // Cleared so that errno after a failed read is the read's own.
        errno = 0;
        const int got = gzread(file.get(), chunk, sizeof chunk);
        if (got <= 0)
            break;

        if (bytes.size() + static_cast<std::size_t>(got) > maxBytes)
            throw std::runtime_error(message(context, ": the data holds more than ", maxBytes,
                                             " bytes (after decompression), the largest size "
                                             "accepted"));
        bytes.insert(bytes.end(), chunk, chunk + got);
    }

    // gzread ends with 0 both at the end and at a truncated stream, and with -1 on errors;
    // only gzerror tells them apart. Z_ERRNO means the system failed, so errno explains it.
    const int readError = errno;
    int status = Z_OK;
    std::string reason = gzerror(file.get(), &status);
    if (status == Z_ERRNO)
        throw std::runtime_error(
            message(context, ": cannot read the file: ", reasonText(readError)));

    // zlib prefixes its text with the path, which the context already names.
    const std::string prefix = path + ": ";
    if (reason.compare(0, prefix.size(), prefix) == 0)
        reason.erase(0, prefix.size());
    if (status != Z_OK)
        throw std::runtime_error(message(context, ": corrupt or truncated gzip data: ", reason));
    return bytes;
}

/**
 * Compresses byte runs, in order, into one gzip stream (zlib's default level, no file name,
 * modification time 0, so equal input gives equal output).
 *
 * @param parts the byte runs to compress.
 * @param context prefix of error messages.
 * @return the gzip bytes.
 * @throws std::runtime_error if zlib fails (out of memory).
 */
inline std::vector<unsigned char> gzipCompress(std::initializer_list<ByteSpan> parts,
                                               const std::string& context)
{
    // Window bits 15 + 16 asks deflate for a gzip header and trailer instead of zlib's.
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        throw std::runtime_error(message(context, ": cannot start gzip compression"));
    const auto end = [](z_stream* started) { deflateEnd(started); };
    std::unique_ptr<z_stream, decltype(end)> guard(&stream, end);

    std::vector<unsigned char> compressed;
    unsigned char chunk[65536];
    const auto run = [&](int flush)
    {
        int status = Z_OK;
        do
        {
            stream.next_out = chunk;
            stream.avail_out = sizeof chunk;
            status = deflate(&stream, flush);
            if (status == Z_STREAM_ERROR)
                throw std::runtime_error(message(context, ": gzip compression failed"));
            compressed.insert(compressed.end(), chunk, chunk + (sizeof chunk - stream.avail_out));
        } while (stream.avail_out == 0);
    };

    // avail_in is 32 bits wide, so large runs are fed in slices of 1 GiB.
    constexpr std::size_t slice = std::size_t(1) << 30;
    for (const ByteSpan& part : parts)
    {
        for (std::size_t offset = 0; offset < part.size; offset += slice)
        {
            const std::size_t size = part.size - offset < slice ? part.size - offset : slice;
            stream.next_in = const_cast<unsigned char*>(part.data + offset);
            stream.avail_in = static_cast<uInt>(size);
            run(Z_NO_FLUSH);
        }
    }

    stream.next_in = nullptr;
    stream.avail_in = 0;
    run(Z_FINISH);
    return compressed;
}

} // namespace emergence::detail

#endif // EMERGENCE_DETAIL_GZIP_HPP
