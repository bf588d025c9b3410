#ifndef EMERGENCE_IO_MODEL_FILE_HPP
#define EMERGENCE_IO_MODEL_FILE_HPP

/**
 * @file
 * A small versioned, checked binary container for trained models (format version 1).
 *
 * A model file holds a model kind ("hopfield", "rbm", ...), named 64-bit integers (counts
 * and other header values) and named matrices of one scalar type. Every field is written
 * byte by byte, so files move between machines of any byte order. Layout, with offsets in
 * bytes and every integer little-endian:
 *
 * | offset | size | field                                                             |
 * | ------ | ---- | ----------------------------------------------------------------- |
 * | 0      | 4    | magic "EMRG" (45 4d 52 47)                                        |
 * | 4      | 4    | format version, uint32 (1)                                        |
 * | 8      | 16   | model kind, ASCII padded with zero bytes, e.g. "hopfield"         |
 * | 24     | 4    | scalar tag, uint32: 4 = float, 8 = double                         |
 * | 28     | 4    | integer count I, uint32                                           |
 * | 32     | 4    | array count A, uint32                                             |
 * | 36     |      | I integers: name, then the value as int64 (two's complement)      |
 * |        |      | A arrays: name, rows uint64, cols uint64, then rows * cols values |
 * |        |      | (IEEE 754 of the tag's width, column-major)                       |
 * | end-4  | 4    | CRC-32 (zlib's crc32) of every byte before it, uint32             |
 *
 * A name is one length byte L (1 to 64) followed by L bytes of printable ASCII without
 * spaces (0x21 to 0x7e); names are unique within a file. The smallest file has 40 bytes.
 *
 * The reader trusts nothing before checking it, in this order: the length, the magic, the
 * version (newer versions are refused), the kind, the scalar tag, the CRC, then each entry's
 * name and sizes against the bytes that remain (in 64 bits, overflow-safe), and finally
 * that no bytes follow the last entry. Files above 4 GiB are refused.
 */

#include <emergence/detail/error.hpp>
#include <emergence/detail/file.hpp>
#include <emergence/detail/model_file_format.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace emergence
{

/**
 * The contents of a model file held in memory: the model kind, then named integers and
 * named matrices of one scalar type, each kept in the order it was added.
 *
 * @code
 * emergence::ModelRecord<float> record("hopfield");
 * record.addInteger("patternCount", 12);
 * record.addArray("thresholds", thresholds);
 * emergence::writeModelFile("net.emrg", record);
 * @endcode
 *
 * @tparam Scalar float or double: the type of every stored matrix.
 */
template <typename Scalar>
class ModelRecord
{
    static_assert(std::is_same_v<Scalar, float> || std::is_same_v<Scalar, double>,
                  "ModelRecord<Scalar>: Scalar must be float or double, the two types a model "
                  "file stores.");

public:
    /// Dense matrix of the record's scalar type.
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

    /**
     * Creates an empty record of a model kind.
     *
     * @param kind 1 to 16 bytes of printable ASCII without spaces, e.g. "hopfield".
     * @throws std::invalid_argument if `kind` is not such a name.
     */
    explicit ModelRecord(std::string kind) : m_kind(std::move(kind))
    {
        if (!detail::isModelName(m_kind, detail::ModelKindBytes))
            throw std::invalid_argument(detail::message(
                "ModelRecord: the kind is ", detail::quotedText(m_kind), ", expected 1 to ",
                detail::ModelKindBytes, " bytes of printable ASCII without spaces"));
    }

    /// The model kind, e.g. "hopfield".
    const std::string& kind() const { return m_kind; }

    /**
     * Adds a named integer, such as a count.
     *
     * @param name 1 to 64 bytes of printable ASCII without spaces, not used yet in the record.
     * @param value any 64-bit value.
     * @throws std::invalid_argument if the name is invalid or already used.
     */
    void addInteger(const std::string& name, std::int64_t value)
    {
        checkNewName(name, "ModelRecord::addInteger");
        m_integers.emplace_back(name, value);
    }

    /**
     * Adds a named matrix, copied and converted to Scalar.
     *
     * @param name 1 to 64 bytes of printable ASCII without spaces, not used yet in the record.
     * @param values any matrix or expression, stored column-major; may be empty.
     * @throws std::invalid_argument if the name is invalid or already used.
     */
    template <typename Derived>
    void addArray(const std::string& name, const Eigen::MatrixBase<Derived>& values)
    {
        addArray(name, Matrix(values.template cast<Scalar>()));
    }

    /**
     * Adds a named matrix, taking over its storage.
     *
     * @param name 1 to 64 bytes of printable ASCII without spaces, not used yet in the record.
     * @param values the matrix, moved into the record; may be empty.
     * @throws std::invalid_argument if the name is invalid or already used.
     */
    void addArray(const std::string& name, Matrix&& values)
    {
        checkNewName(name, "ModelRecord::addArray");
        m_arrays.emplace_back(name, std::move(values));
    }

    /// Whether the record has an integer of this name.
    bool hasInteger(const std::string& name) const { return findIn(m_integers, name) != nullptr; }

    /// Whether the record has a matrix of this name.
    bool hasArray(const std::string& name) const { return findIn(m_arrays, name) != nullptr; }

    /**
     * The integer of a name.
     *
     * @param name the integer's name.
     * @return its value.
     * @throws std::out_of_range if the record has no integer of that name.
     */
    std::int64_t integer(const std::string& name) const
    {
        const auto* entry = findIn(m_integers, name);
        if (entry == nullptr)
            throw std::out_of_range(detail::message("ModelRecord::integer: the \"", m_kind,
                                                    "\" record has no integer named ",
                                                    detail::quotedText(name)));
        return entry->second;
    }

    /**
     * The matrix of a name.
     *
     * @param name the matrix's name.
     * @return a reference valid until the record is changed or destroyed.
     * @throws std::out_of_range if the record has no matrix of that name.
     */
    const Matrix& array(const std::string& name) const
    {
        const auto* entry = findIn(m_arrays, name);
        if (entry == nullptr)
            throw std::out_of_range(detail::message("ModelRecord::array: the \"", m_kind,
                                                    "\" record has no array named ",
                                                    detail::quotedText(name)));
        return entry->second;
    }

    /// Every integer, in the order added.
    const std::vector<std::pair<std::string, std::int64_t>>& integers() const { return m_integers; }

    /// Every matrix, in the order added.
    const std::vector<std::pair<std::string, Matrix>>& arrays() const { return m_arrays; }

private:
    /// The entry of `entries` called `name`, or nullptr.
    template <typename Entries>
    static const typename Entries::value_type* findIn(const Entries& entries,
                                                      const std::string& name)
    {
        for (const auto& entry : entries)
        {
            if (entry.first == name)
                return &entry;
        }
        return nullptr;
    }

    /// Throws std::invalid_argument unless `name` is valid and not used by any entry.
    void checkNewName(const std::string& name, const char* function) const
    {
        if (!detail::isModelName(name, detail::MaxModelNameBytes))
            throw std::invalid_argument(detail::message(
                function, ": the name is ", detail::quotedText(name), ", expected 1 to ",
                detail::MaxModelNameBytes, " bytes of printable ASCII without spaces"));

        // One namespace for integers and arrays, so a name alone says which entry is meant.
        if (hasInteger(name) || hasArray(name))
            throw std::invalid_argument(detail::message(function, ": the name \"", name,
                                                        "\" is already used in the record"));
    }

    std::string m_kind;                                           ///< e.g. "hopfield"
    std::vector<std::pair<std::string, std::int64_t>> m_integers; ///< named integers
    std::vector<std::pair<std::string, Matrix>> m_arrays;         ///< named matrices
};

namespace detail
{

/**
 * The whole byte image of a model file: header, entries and CRC.
 *
 * @throws std::invalid_argument if the file would exceed MaxModelFileBytes.
 */
template <typename Scalar>
std::vector<unsigned char> encodeModelRecord(const ModelRecord<Scalar>& record,
                                             const std::string& context)
{
    // The size is known before any byte is written, so one allocation holds the image. The
    // matrices are in memory, so none of these sums can overflow 64 bits.
    std::uint64_t size = ModelHeaderBytes + ModelChecksumBytes;
    for (const auto& entry : record.integers())
        size += 1 + entry.first.size() + 8;
    for (const auto& entry : record.arrays())
        size += 1 + entry.first.size() + 16 +
                static_cast<std::uint64_t>(entry.second.size()) * sizeof(Scalar);
    if (size > MaxModelFileBytes)
        throw std::invalid_argument(message(context, ": the file would hold ", size,
                                            " bytes, more than the readers accept (",
                                            MaxModelFileBytes, ")"));

    std::vector<unsigned char> bytes;
    bytes.reserve(static_cast<std::size_t>(size));
    // Byte by byte: GCC 12 at -O2 warns falsely (-Wstringop-overflow) about a range
    // insert into the freshly reserved vector.
    for (int k = 0; k < 4; ++k)
        bytes.push_back(ModelFileMagic[k]);
    appendLittleEndian(bytes, ModelFileVersion, 4);
    bytes.insert(bytes.end(), record.kind().begin(), record.kind().end());
    bytes.resize(bytes.size() + (ModelKindBytes - record.kind().size()), 0);
    appendLittleEndian(bytes, modelScalarTag<Scalar>(), 4);
    appendLittleEndian(bytes, record.integers().size(), 4);
    appendLittleEndian(bytes, record.arrays().size(), 4);

    // Negative integers are stored in two's complement, which the unsigned conversion gives.
    for (const auto& entry : record.integers())
    {
        bytes.push_back(static_cast<unsigned char>(entry.first.size()));
        bytes.insert(bytes.end(), entry.first.begin(), entry.first.end());
        appendLittleEndian(bytes, static_cast<std::uint64_t>(entry.second), 8);
    }

    for (const auto& entry : record.arrays())
    {
        bytes.push_back(static_cast<unsigned char>(entry.first.size()));
        bytes.insert(bytes.end(), entry.first.begin(), entry.first.end());
        appendLittleEndian(bytes, static_cast<std::uint64_t>(entry.second.rows()), 8);
        appendLittleEndian(bytes, static_cast<std::uint64_t>(entry.second.cols()), 8);
        const Scalar* values = entry.second.data();
        for (Eigen::Index k = 0; k < entry.second.size(); ++k)
            appendLittleEndian(bytes, scalarBits(values[k]), static_cast<int>(sizeof(Scalar)));
    }

    appendLittleEndian(bytes, modelChecksum(bytes.data(), bytes.size()), 4);
    return bytes;
}

/**
 * Checks the fixed header and the CRC of a model file, in the documented order.
 *
 * @return the integer and array counts of the header.
 * @throws std::runtime_error naming the first check that fails, with the value found and
 *         the value expected.
 */
inline std::pair<std::uint32_t, std::uint32_t>
checkModelHeader(const std::vector<unsigned char>& bytes, const std::string& expectedKind,
                 std::uint32_t expectedTag, const std::string& context)
{
    // The magic before the full header length, so that a short foreign file (a 28-byte IDX
    // file, a PNG signature) is named as foreign rather than as a truncated model file.
    constexpr std::size_t minimal = ModelHeaderBytes + ModelChecksumBytes;
    if (bytes.size() < 4)
        throw std::runtime_error(message(context, ": the file has ", bytes.size(),
                                         " bytes, too short for an emergence model file (at "
                                         "least ",
                                         minimal, " bytes)"));
    if (std::memcmp(bytes.data(), ModelFileMagic, 4) != 0)
        throw std::runtime_error(
            message(context, ": not an emergence model file: it starts with ",
                    hexBytes(bytes.data(), 4), " (", quotedBytes(bytes.data(), 4), "), expected ",
                    hexBytes(ModelFileMagic, 4), " (", quotedBytes(ModelFileMagic, 4), ")"));
    if (bytes.size() < minimal)
        throw std::runtime_error(message(context, ": the file has ", bytes.size(),
                                         " bytes, too short for the ", ModelHeaderBytes,
                                         "-byte header and ", ModelChecksumBytes,
                                         "-byte checksum of a model file (truncated?)"));

    const auto version = static_cast<std::uint32_t>(readLittleEndian(bytes.data() + 4, 4));
    if (version > ModelFileVersion)
        throw std::runtime_error(message(context, ": format version ", version,
                                         " is newer than version ", ModelFileVersion,
                                         ", the newest this version of emergence reads"));
    if (version < 1)
        throw std::runtime_error(
            message(context, ": format version ", version, ", expected 1 to ", ModelFileVersion));

    // The kind is text up to the first zero byte, and only zero bytes may follow it.
    const unsigned char* kindField = bytes.data() + 8;
    std::size_t kindLength = 0;
    while (kindLength < ModelKindBytes && kindField[kindLength] != 0)
        ++kindLength;
    const std::string kind(reinterpret_cast<const char*>(kindField), kindLength);
    bool padded = true;
    for (std::size_t i = kindLength; i < ModelKindBytes; ++i)
        padded = padded && kindField[i] == 0;
    if (!padded || !isModelName(kind, ModelKindBytes))
        throw std::runtime_error(message(context, ": the model kind field holds ",
                                         quotedBytes(kindField, ModelKindBytes),
                                         ", expected printable ASCII padded with zero bytes"));
    if (kind != expectedKind)
        throw std::runtime_error(message(context, ": the file holds a \"", kind,
                                         "\" model, expected \"", expectedKind, "\""));

    const auto tag = static_cast<std::uint32_t>(readLittleEndian(bytes.data() + 24, 4));
    if (tag != 4 && tag != 8)
        throw std::runtime_error(
            message(context, ": scalar tag ", tag, ", expected 4 (float) or 8 (double)"));
    if (tag != expectedTag)
        throw std::runtime_error(message(context, ": the file stores ", modelScalarName(tag),
                                         " values (scalar tag ", tag, "), expected ",
                                         modelScalarName(expectedTag), " (tag ", expectedTag,
                                         "); load it with the scalar type ", modelScalarName(tag)));

    // Checked before any entry is read, so that a damaged size is reported as damage.
    const std::size_t covered = bytes.size() - ModelChecksumBytes;
    const auto stored = static_cast<std::uint32_t>(readLittleEndian(bytes.data() + covered, 4));
    const std::uint32_t computed = modelChecksum(bytes.data(), covered);
    if (stored != computed)
        throw std::runtime_error(message(
            context, ": checksum mismatch: the file records CRC-32 ", modelHex32(stored), ", its ",
            covered, " bytes give ", modelHex32(computed), "; the file is corrupt or truncated"));

    return {static_cast<std::uint32_t>(readLittleEndian(bytes.data() + 28, 4)),
            static_cast<std::uint32_t>(readLittleEndian(bytes.data() + 32, 4))};
}

/// Reads one array entry's sizes and values; `index` numbers it for messages.
template <typename Scalar>
std::pair<std::string, typename ModelRecord<Scalar>::Matrix>
readModelArray(ModelFileCursor& cursor, std::uint32_t index, const std::string& context)
{
    const std::string name = cursor.readName(message("array ", index));
    const std::string what = message("array \"", name, "\"");
    const std::uint64_t rows = cursor.readInteger(8, "the row count of " + what);
    const std::uint64_t cols = cursor.readInteger(8, "the column count of " + what);

    // rows * cols <= available exactly when cols <= available / rows (integer division), a
    // test that cannot overflow; sizes are compared before anything is allocated.
    constexpr auto largestIndex =
        static_cast<std::uint64_t>(std::numeric_limits<Eigen::Index>::max());
    const std::uint64_t available = cursor.remaining() / sizeof(Scalar);
    if (rows > largestIndex || cols > largestIndex || (rows != 0 && cols > available / rows))
        throw std::runtime_error(message(context, ": ", what, " claims ", rows, " x ", cols,
                                         " values of ", sizeof(Scalar), " bytes, but only ",
                                         cursor.remaining(), " bytes remain before the checksum"));

    typename ModelRecord<Scalar>::Matrix values(static_cast<Eigen::Index>(rows),
                                                static_cast<Eigen::Index>(cols));
    const auto width = static_cast<int>(sizeof(Scalar));
    const unsigned char* source =
        cursor.advance(static_cast<std::size_t>(values.size()) * sizeof(Scalar));
    Scalar* target = values.data();
    for (Eigen::Index k = 0; k < values.size(); ++k)
        target[k] = scalarFromBits<Scalar>(readLittleEndian(source + k * width, width));
    return {name, std::move(values)};
}

/**
 * Decodes a model file held in memory.
 *
 * @param bytes the whole file.
 * @param expectedKind the kind the caller can load, e.g. "hopfield".
 * @param context prefix of error messages, e.g. `loadHopfieldNetwork("net.emrg")`.
 * @throws std::runtime_error if the bytes are not a valid model file of that kind and scalar.
 */
template <typename Scalar>
ModelRecord<Scalar> parseModelRecord(const std::vector<unsigned char>& bytes,
                                     const std::string& expectedKind, const std::string& context)
{
    const auto counts = checkModelHeader(bytes, expectedKind, modelScalarTag<Scalar>(), context);
    ModelRecord<Scalar> record(expectedKind);
    ModelFileCursor cursor(bytes, ModelHeaderBytes, bytes.size() - ModelChecksumBytes, context);
    const auto checkUnused = [&](const std::string& name)
    {
        if (record.hasInteger(name) || record.hasArray(name))
            throw std::runtime_error(
                message(context, ": the name \"", name, "\" appears twice, expected unique names"));
    };

    // Every entry needs at least ten bytes, so a huge count runs out of bytes long before
    // it runs out of time; nothing is reserved from the counts.
    for (std::uint32_t i = 0; i < counts.first; ++i)
    {
        const std::string name = cursor.readName(message("integer ", i));
        const std::uint64_t bits = cursor.readInteger(8, "the value of integer \"" + name + "\"");
        checkUnused(name);

        // Two's complement back to signed without relying on the implementation-defined
        // conversion of large unsigned values.
        constexpr auto largest =
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        const std::int64_t value = bits <= largest ? static_cast<std::int64_t>(bits)
                                                   : -static_cast<std::int64_t>(~bits) - 1;
        record.addInteger(name, value);
    }

    for (std::uint32_t i = 0; i < counts.second; ++i)
    {
        auto entry = readModelArray<Scalar>(cursor, i, context);
        checkUnused(entry.first);
        record.addArray(entry.first, std::move(entry.second));
    }

    if (cursor.remaining() != 0)
        throw std::runtime_error(message(context, ": the last entry ends at offset ",
                                         cursor.offset(), ", but the checksum starts at ",
                                         bytes.size() - ModelChecksumBytes, ": ",
                                         cursor.remaining(), " unexpected bytes"));
    return record;
}

/// writeModelFile() with the caller's context for messages.
template <typename Scalar>
void writeModelRecord(const std::string& path, const ModelRecord<Scalar>& record,
                      const std::string& context)
{
    const std::vector<unsigned char> bytes = encodeModelRecord(record, context);
    writeFileAtomically(path, {ByteSpan{bytes.data(), bytes.size()}}, context);
}

/// readModelFile() with the caller's context for messages.
template <typename Scalar>
ModelRecord<Scalar> readModelRecord(const std::string& path, const std::string& expectedKind,
                                    const std::string& context)
{
    const std::vector<unsigned char> bytes = readFile(path, context, MaxModelFileBytes);
    return parseModelRecord<Scalar>(bytes, expectedKind, context);
}

/**
 * Throws std::runtime_error unless `record` holds every named array and integer. A valid
 * container can still lack an entry a model needs (written by another program): bad data.
 */
template <typename Scalar>
void requireModelEntries(const ModelRecord<Scalar>& record,
                         std::initializer_list<const char*> arrays,
                         std::initializer_list<const char*> integers, const std::string& context)
{
    for (const char* name : arrays)
    {
        if (!record.hasArray(name))
            throw std::runtime_error(
                message(context, ": the file has no array \"", name, "\""));
    }
    for (const char* name : integers)
    {
        if (!record.hasInteger(name))
            throw std::runtime_error(
                message(context, ": the file has no integer \"", name, "\""));
    }
}

} // namespace detail

/**
 * Writes a model file, replacing `path` atomically: the bytes are built in memory, written
 * to a temporary file in the same folder and renamed into place only when complete, so a
 * crash during the save leaves any old file intact.
 *
 * @param path the file to create or replace; its folder must exist.
 * @param record the kind and entries to store.
 * @throws std::invalid_argument if the path is empty or the file would exceed 4 GiB.
 * @throws std::runtime_error if the file cannot be written (path and system reason given).
 */
template <typename Scalar>
void writeModelFile(const std::string& path, const ModelRecord<Scalar>& record)
{
    detail::writeModelRecord(path, record, detail::modelFileContext("writeModelFile", path));
}

/**
 * Reads a model file written by writeModelFile().
 *
 * @param path the file to read.
 * @param expectedKind the model kind the caller expects, e.g. "hopfield".
 * @return the kind and entries, in file order.
 * @throws std::runtime_error if the file cannot be opened or read (with the system's reason)
 *         or is not a valid model file of this kind and scalar type: too short, wrong magic,
 *         newer version, other kind or scalar type, CRC mismatch, sizes beyond the bytes
 *         present, repeated names or trailing bytes. The message names the path, the value
 *         found and the value expected.
 */
template <typename Scalar>
ModelRecord<Scalar> readModelFile(const std::string& path, const std::string& expectedKind)
{
    return detail::readModelRecord<Scalar>(path, expectedKind,
                                           detail::modelFileContext("readModelFile", path));
}

} // namespace emergence

#endif // EMERGENCE_IO_MODEL_FILE_HPP
