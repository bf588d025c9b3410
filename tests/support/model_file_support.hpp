// Helpers shared by the model file tests: model files written byte by byte, independently
// of the library's writer, and a checksum recomputed with zlib after a test edits a file.
#ifndef EMERGENCE_TESTS_SUPPORT_MODEL_FILE_SUPPORT_HPP
#define EMERGENCE_TESTS_SUPPORT_MODEL_FILE_SUPPORT_HPP

#include <zlib.h>

#include <cstdint>
#include <iomanip>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace emergence::test
{

/// The scalar type a test case does not use, to load a file with the wrong one.
template <typename Scalar>
using OtherScalar = std::conditional_t<std::is_same_v<Scalar, float>, double, float>;

/// Appends the low `count` bytes of `value`, least significant first.
inline void appendLittle(std::vector<unsigned char>& bytes, std::uint64_t value, int count)
{
    for (int b = 0; b < count; ++b)
        bytes.push_back(static_cast<unsigned char>(value >> (8 * b)));
}

/// Overwrites `count` bytes at `offset` with `value`, least significant first.
inline void putLittle(std::vector<unsigned char>& bytes, std::size_t offset, std::uint64_t value,
                      int count)
{
    for (int b = 0; b < count; ++b)
        bytes[offset + static_cast<std::size_t>(b)] = static_cast<unsigned char>(value >> (8 * b));
}

/// zlib's CRC-32 of the first `size` bytes.
inline std::uint32_t crcOf(const std::vector<unsigned char>& bytes, std::size_t size)
{
    return static_cast<std::uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(size)));
}

/// Rewrites the trailing CRC-32 so that it matches the bytes before it, after an edit.
inline void reseal(std::vector<unsigned char>& bytes)
{
    putLittle(bytes, bytes.size() - 4, crcOf(bytes, bytes.size() - 4), 4);
}

/// Appends the trailing CRC-32 of everything so far.
inline void seal(std::vector<unsigned char>& bytes)
{
    appendLittle(bytes, crcOf(bytes, bytes.size()), 4);
}

/// A model file header (36 bytes): magic, version, kind, scalar tag and the two counts.
inline std::vector<unsigned char> modelHeader(const std::string& kind, std::uint32_t tag,
                                              std::uint32_t integers, std::uint32_t arrays,
                                              std::uint32_t version = 1)
{
    std::vector<unsigned char> bytes{'E', 'M', 'R', 'G'};
    appendLittle(bytes, version, 4);
    bytes.insert(bytes.end(), kind.begin(), kind.end());
    bytes.resize(8 + 16, 0);
    appendLittle(bytes, tag, 4);
    appendLittle(bytes, integers, 4);
    appendLittle(bytes, arrays, 4);
    return bytes;
}

/// Appends a length-prefixed entry name.
inline void appendName(std::vector<unsigned char>& bytes, const std::string& name)
{
    bytes.push_back(static_cast<unsigned char>(name.size()));
    bytes.insert(bytes.end(), name.begin(), name.end());
}

/// A 32-bit value as the library prints it: 0x and eight hex digits.
inline std::string hexWord(std::uint32_t value)
{
    std::ostringstream stream;
    stream << "0x" << std::hex << std::setw(8) << std::setfill('0') << value;
    return stream.str();
}

} // namespace emergence::test

#endif // EMERGENCE_TESTS_SUPPORT_MODEL_FILE_SUPPORT_HPP
