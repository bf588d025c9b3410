// The second unit of the two-unit program: it writes a small PNG and a small IDX file with
// its own private copy of stb, for the first unit to read back with its copy.
#include <emergence/io/idx.hpp>
#include <emergence/io/image_file.hpp>

#include <string>

/// Writes folder/two_units.png (2 x 3 pixels) and folder/two_units.idx (that image as IDX).
void writeSamples(const std::string& folder)
{
    emergence::GrayImage image(2, 3);
    image << 0, 100, 200,
             255, 50, 7;
    emergence::writePng(folder + "/two_units.png", image);

    emergence::IdxImages images;
    images.rows = 2;
    images.columns = 3;
    images.pixels = emergence::flattenImage(image);
    emergence::writeIdxImages(folder + "/two_units.idx", images);
}
