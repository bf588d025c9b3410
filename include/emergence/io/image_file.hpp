#ifndef EMERGENCE_IO_IMAGE_FILE_HPP
#define EMERGENCE_IO_IMAGE_FILE_HPP

#include <emergence/detail/error.hpp>
#include <emergence/detail/file.hpp>
#include <emergence/detail/stb.hpp>
#include <emergence/image/gray_image.hpp>

#include <Eigen/Core>

#include <climits>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace emergence
{

namespace detail
{

/// Frees pixels that stb_image allocated.
struct StbImageFree
{
    void operator()(stbi_uc* pixels) const { stbi_image_free(pixels); }
};

/// stb_image_write's output callback: appends the encoded bytes to a std::vector.
inline void appendEncodedBytes(void* context, void* data, int size)
{
    auto* bytes = static_cast<std::vector<unsigned char>*>(context);
    const auto* first = static_cast<const unsigned char*>(data);
    bytes->insert(bytes->end(), first, first + size);
}

} // namespace detail

/**
 * Reads an image file as 8-bit greyscale.
 *
 * Any format stb_image decodes is accepted (PNG, JPEG, BMP, GIF, TGA, PNM, PSD, HDR, PIC);
 * the format is found from the data, not the name. Colour is converted by stb's own rule,
 * grey = (77 R + 150 G + 29 B) >> 8 (so pure red (255, 0, 0) gives 76); an alpha channel is
 * dropped, not composited; 16-bit images are reduced to 8 bits; a GIF gives its first frame.
 *
 * @param path the file to read.
 * @return the image, height x width.
 * @throws std::runtime_error if the file cannot be opened or read (the message has the path
 *         and the system's reason), is empty or larger than 2^31 - 1 bytes, or if stb_image
 *         cannot decode it (the message has the path and stbi_failure_reason()).
 */
inline GrayImage readImage(const std::string& path)
{
    // stb_image takes the data's length as an int, which bounds the file size.
    const std::string context = detail::message("readImage(\"", path, "\")");
    const std::vector<unsigned char> bytes =
        detail::readFile(path, context, static_cast<std::uint64_t>(INT_MAX));

    // Checked here because stb would be handed a null pointer for an empty buffer.
    if (bytes.empty())
        throw std::runtime_error(detail::message(context, ": the file is empty"));

    int width = 0;
    int height = 0;
    int channels = 0;
    std::unique_ptr<stbi_uc, detail::StbImageFree> pixels(stbi_load_from_memory(
        bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels, 1));
    // stb's reason can be terse or empty: for a truncated chunk it quotes the chunk type it
    // read, which may stop at a zero byte. The sentence around it says what it means.
    if (!pixels)
    {
        const char* reason = stbi_failure_reason();
        const std::string said = reason != nullptr && reason[0] != '\0'
                                     ? detail::message("stb_image says \"", reason, "\"")
                                     : std::string("stb_image gives no reason");
        throw std::runtime_error(detail::message(
            context, ": cannot decode the image, which is corrupt, truncated or in a format "
                     "stb_image does not read (", said, ")"));
    }

    // stb returns rows top to bottom, each left to right: a row-major height x width array.
    using RowMajor = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    return Eigen::Map<const RowMajor>(pixels.get(), height, width);
}

/**
 * Writes an 8-bit greyscale image as a PNG file, replacing `path` atomically: the encoded
 * image goes to a temporary file in the same folder, renamed into place only when complete.
 *
 * @param path the file to create or replace (name it ".png"; the format does not follow it).
 * @param image height x width matrix of std::uint8_t (a GrayImage, a block or a map), at
 *        least 1 x 1, with (width + 1) * height at most 2^31 - 1 (stb_image_write's limit).
 * @throws std::invalid_argument if the image is empty or too large, or the path is empty.
 * @throws std::runtime_error if the image cannot be encoded or the file cannot be written
 *         (the message has the path and the system's reason).
 */
template <typename Derived>
void writePng(const std::string& path, const Eigen::MatrixBase<Derived>& image)
{
    static_assert(std::is_same_v<typename Derived::Scalar, std::uint8_t>,
                  "writePng: the image must hold std::uint8_t pixels; map other values to "
                  "0..255 with imageGrid() or scale, round and cast<std::uint8_t>() first.");

    const std::string context = detail::message("writePng(\"", path, "\")");
    const Eigen::Index height = image.rows();
    const Eigen::Index width = image.cols();
    if (height < 1 || width < 1)
        throw std::invalid_argument(detail::message(context, ": the image is ", height, " x ",
                                                    width, ", expected at least 1 x 1"));

    // stb's PNG writer keeps (width + 1) * height filtered bytes in an int.
    if (width >= INT_MAX || height > INT_MAX / (width + 1))
        throw std::invalid_argument(detail::message(context, ": the image is ", height, " x ",
                                                    width, ", too large for the PNG writer"));

    // stb wants rows top to bottom, each left to right: row-major storage.
    const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = image;
    std::vector<unsigned char> encoded;
    const int done =
        stbi_write_png_to_func(&detail::appendEncodedBytes, &encoded, static_cast<int>(width),
                               static_cast<int>(height), 1, rows.data(), static_cast<int>(width));
    if (done == 0)
        throw std::runtime_error(detail::message(context, ": stb_image_write could not encode "
                                                          "the image (out of memory)"));

    detail::writeFileAtomically(path, {detail::ByteSpan{encoded.data(), encoded.size()}}, context);
}

} // namespace emergence

#endif // EMERGENCE_IO_IMAGE_FILE_HPP
