#ifndef EMERGENCE_DETAIL_MODEL_FILE_FORMAT_HPP
#define EMERGENCE_DETAIL_MODEL_FILE_FORMAT_HPP

// Byte-level pieces of the model file format that io/model_file.hpp documents: constants,
// little-endian fields, the checksum, entry names and the bounded reading cursor.
#include <emergence/detail/error.hpp>

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace emergence::detail
{

/// The first four bytes of every model file, "EMRG".
constexpr unsigned char ModelFileMagic[4] = {0x45, 0x4d, 0x52, 0x47};

/// The format version written, and the newest version read.
constexpr std::uint32_t ModelFileVersion = 1;

/// Bytes of the model kind field (ASCII, padded with zero bytes).
constexpr std::size_t ModelKindBytes = 16;

/// Longest entry name, in bytes; a name's length is stored in one byte.
constexpr std::size_t MaxModelNameBytes = 64;

/// Bytes before the first entry: magic, version, kind, scalar tag, integer and array counts.
constexpr std::size_t ModelHeaderBytes = 4 + 4 + ModelKindBytes + 4 + 4 + 4;

/// Bytes of the trailing CRC-32.
constexpr std::size_t ModelChecksumBytes = 4;

/// Largest model file read or written: 4 GiB, a guard against reading a huge foreign file.
constexpr std::uint64_t MaxModelFileBytes = std::uint64_t(1) << 32;

/// The scalar tag of a type: its size in bytes (4 for float, 8 for double).
template <typename Scalar>
constexpr std::uint32_t modelScalarTag()
{
    static_assert(std::is_same_v<Scalar, float> || std::is_same_v<Scalar, double>,
                  "Model files store float or double values; convert other types first.");
    static_assert(std::numeric_limits<Scalar>::is_iec559,
                  "Model files store IEEE 754 values; this platform's float or double is not.");
    return static_cast<std::uint32_t>(sizeof(Scalar));
}

/// The C++ type a scalar tag stands for, for messages.
inline const char* modelScalarName(std::uint32_t tag)
{
    if (tag == 4)
        return "float";
    if (tag == 8)
        return "double";
    return "an unknown type";
}

/// Appends the low `count` bytes of `value`, least significant first.
inline void appendLittleEndian(std::vector<unsigned char>& bytes, std::uint64_t value, int count)
{
    for (int b = 0; b < count; ++b)
        bytes.push_back(static_cast<unsigned char>(value >> (8 * b)));
}

/// Reads a `count`-byte little-endian field, byte by byte (independent of the host's order).
inline std::uint64_t readLittleEndian(const unsigned char* bytes, int count)
{
    std::uint64_t value = 0;
    for (int b = 0; b < count; ++b)
        value |= std::uint64_t(bytes[b]) << (8 * b);
    return value;
}

/// The IEEE bit pattern of a float or double, as an integer of the same width.
template <typename Scalar>
std::uint64_t scalarBits(Scalar value)
{
    using Bits = std::conditional_t<sizeof(Scalar) == 4, std::uint32_t, std::uint64_t>;
    Bits bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

/// The float or double whose IEEE bit pattern is the low bytes of `bits`.
template <typename Scalar>
Scalar scalarFromBits(std::uint64_t bits)
{
    using Bits = std::conditional_t<sizeof(Scalar) == 4, std::uint32_t, std::uint64_t>;
    const auto narrow = static_cast<Bits>(bits);
    Scalar value = Scalar(0);
    std::memcpy(&value, &narrow, sizeof value);
    return value;
}

/// zlib's CRC-32 of a byte run of any length.
inline std::uint32_t modelChecksum(const unsigned char* data, std::size_t size)
{
    // crc32() takes a 32-bit length, so long runs are fed in slices of 1 GiB.
    constexpr std::size_t slice = std::size_t(1) << 30;
    uLong crc = crc32(0L, Z_NULL, 0);
    for (std::size_t offset = 0; offset < size; offset += slice)
    {
        const std::size_t length = size - offset < slice ? size - offset : slice;
        crc = crc32(crc, data + offset, static_cast<uInt>(length));
    }
    return static_cast<std::uint32_t>(crc);
}

/// Formats a 32-bit value as 0x followed by eight hex digits.
inline std::string modelHex32(std::uint32_t value)
{
    std::ostringstream stream;
    stream << "0x" << std::hex << std::setw(8) << std::setfill('0') << value;
    return stream.str();
}

/// Bytes as hex pairs separated by spaces, e.g. "89 50 4e 47".
inline std::string hexBytes(const unsigned char* bytes, std::size_t count)
{
    std::ostringstream stream;
    stream << std::hex << std::setfill('0');
    for (std::size_t i = 0; i < count; ++i)
        stream << (i == 0 ? "" : " ") << std::setw(2) << static_cast<int>(bytes[i]);
    return stream.str();
}

/// Bytes as a quoted string, with anything but printable ASCII written as \xNN, so that a
/// message about a foreign or damaged file stays one readable line.
inline std::string quotedBytes(const unsigned char* bytes, std::size_t count)
{
    std::ostringstream stream;
    stream << '"' << std::hex << std::setfill('0');
    for (std::size_t i = 0; i < count; ++i)
    {
        if (bytes[i] >= 0x20 && bytes[i] <= 0x7e && bytes[i] != '"' && bytes[i] != '\\')
            stream << static_cast<char>(bytes[i]);
        else
            stream << "\\x" << std::setw(2) << static_cast<int>(bytes[i]);
    }
    stream << '"';
    return stream.str();
}

/// A string quoted as quotedBytes() does.
inline std::string quotedText(const std::string& text)
{
    return quotedBytes(reinterpret_cast<const unsigned char*>(text.data()), text.size());
}

/// Whether `text` is a valid kind or entry name: 1 to `maxBytes` bytes of printable ASCII
/// other than the space (0x21 to 0x7e).
inline bool isModelName(const std::string& text, std::size_t maxBytes)
{
    if (text.empty() || text.size() > maxBytes)
        return false;
    for (const char c : text)
    {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x21 || byte > 0x7e)
            return false;
    }
    return true;
}

/// Quotes a path after a function name for messages: `function("path")`.
inline std::string modelFileContext(const char* function, const std::string& path)
{
    return message(function, "(\"", path, "\")");
}

/**
 * Reads fields from the entries of a model file, between the header and the checksum.
 * Every read first checks that the bytes are there, so no size taken from the file is
 * trusted before it has been compared with the bytes actually present.
 */
class ModelFileCursor
{
public:
    /// A cursor over bytes [begin, end) of `bytes`, which must outlive it; errors start with
    /// `context`.
    ModelFileCursor(const std::vector<unsigned char>& bytes, std::size_t begin, std::size_t end,
                    const std::string& context)
        : m_bytes(bytes), m_offset(begin), m_end(end), m_context(context)
    {
    }

    /// Bytes left before the checksum.
    std::uint64_t remaining() const { return m_end - m_offset; }

    /// Offset of the next byte from the start of the file.
    std::size_t offset() const { return m_offset; }

    /// Throws unless `count` more bytes are present; `what` names the field, for the message.
    void require(std::uint64_t count, const std::string& what) const
    {
        if (count > remaining())
            throw std::runtime_error(message(m_context, ": ", what, " needs ", count,
                                             " bytes at offset ", m_offset, ", but only ",
                                             remaining(), " remain before the checksum"));
    }

    /// Reads a `count`-byte little-endian integer.
    std::uint64_t readInteger(int count, const std::string& what)
    {
        require(static_cast<std::uint64_t>(count), what);
        const std::uint64_t value = readLittleEndian(m_bytes.data() + m_offset, count);
        m_offset += static_cast<std::size_t>(count);
        return value;
    }

    /// Returns the next `count` bytes, which require() has checked, and moves past them.
    const unsigned char* advance(std::size_t count)
    {
        const unsigned char* start = m_bytes.data() + m_offset;
        m_offset += count;
        return start;
    }

    /// Reads an entry name: a length byte (1 to MaxModelNameBytes), then that many bytes.
    std::string readName(const std::string& what)
    {
        const auto length = static_cast<std::size_t>(readInteger(1, "the name length of " + what));
        if (length < 1 || length > MaxModelNameBytes)
            throw std::runtime_error(message(m_context, ": the name of ", what, " has ", length,
                                             " bytes, expected 1 to ", MaxModelNameBytes));

        require(length, "the name of " + what);
        const unsigned char* start = advance(length);
        std::string name(reinterpret_cast<const char*>(start), length);
        if (!isModelName(name, MaxModelNameBytes))
            throw std::runtime_error(message(m_context, ": the name of ", what, " is ",
                                             quotedBytes(start, length),
                                             ", expected printable ASCII without spaces"));
        return name;
    }

private:
    const std::vector<unsigned char>& m_bytes; ///< the whole file
    std::size_t m_offset;                      ///< next byte to read
    std::size_t m_end;                         ///< first byte of the checksum
    std::string m_context;                     ///< prefix of error messages
};

} // namespace emergence::detail

#endif // EMERGENCE_DETAIL_MODEL_FILE_FORMAT_HPP
