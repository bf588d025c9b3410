// A program of two translation units that both include the image and IDX headers. It links
// only if stb's implementation stays private to each unit; it then checks that what the
// second unit wrote reads back here unchanged. Usage: emergence_two_units <folder>.
#include <emergence/io/idx.hpp>
#include <emergence/io/image_file.hpp>

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

void writeSamples(const std::string& folder);

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::cerr << "usage: emergence_two_units <folder>\n";
        return 2;
    }

    try
    {
        const std::string folder = argv[1];
        writeSamples(folder);

        emergence::GrayImage expected(2, 3);
        expected << 0, 100, 200,
                    255, 50, 7;
        const emergence::GrayImage image = emergence::readImage(folder + "/two_units.png");
        const emergence::IdxImages images = emergence::readIdxImages(folder + "/two_units.idx");
        const emergence::GrayImage fromIdx =
            emergence::unflattenImage(images.pixels.col(0), images.rows, images.columns);

        // The files are only fixtures of this run.
        std::remove((folder + "/two_units.png").c_str());
        std::remove((folder + "/two_units.idx").c_str());

        if (image != expected || fromIdx != expected)
        {
            std::cerr << "two_units: the pixels read back differ from those written\n";
            return 1;
        }
    }
    catch (const std::exception& error)
    {
        std::cerr << "two_units: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
