// Training throughput of a 784 x 500 restricted Boltzmann machine (float, batch 100) with
// CD-1 and PCD-1, next to the time of the same matrix products alone (Eigen GEMM), measured
// in the same run. Uses Fashion-MNIST from --data's folder when given, else random binary
// images of the same shape.
// Usage: rbm [folder with train-images-idx3-ubyte.gz] [rounds]   (default: synthetic, 3)
#include <emergence/emergence.hpp>

#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace
{

using emergence::bench::Clock;
using emergence::bench::median;
using emergence::bench::secondsSince;

using Matrix = Eigen::MatrixXf;

/** The five products of one CD-1 step on a batch, on buffers of the same shapes. */
struct ProductsOnly
{
    Matrix weights = Matrix::Random(784, 500);
    Matrix visible = Matrix::Random(784, 100);
    Matrix hidden = Matrix::Random(500, 100);
    Matrix visibleOut = Matrix(784, 100);
    Matrix hiddenOut = Matrix(500, 100);
    Matrix gradient = Matrix(784, 500);

    void step()
    {
        hiddenOut.noalias() = weights.transpose() * visible; // P(h | data)
        visibleOut.noalias() = weights * hidden;             // P(v | h)
        hiddenOut.noalias() = weights.transpose() * visibleOut; // P(h | reconstruction)
        gradient.noalias() = visible * hidden.transpose();   // positive statistics
        gradient.noalias() -= visibleOut * hiddenOut.transpose(); // negative statistics
    }
};

} // namespace

int main(int argc, char** argv)
{
    const std::string folder = argc > 1 ? argv[1] : "";
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    if (rounds < 1)
    {
        std::cerr << "usage: rbm [data folder] [rounds >= 1]\n";
        return 2;
    }

    // The training data: the real images when a folder is given, else random bits.
    Matrix data;
    if (!folder.empty())
    {
        const auto images = emergence::readIdxImages(folder + "/train-images-idx3-ubyte.gz");
        data = emergence::binarizeAtMean(emergence::scaleToUnit<float>(images.pixels),
                                         emergence::Coding::Binary);
    }
    else
    {
        std::mt19937_64 engine(7);
        data.resize(784, 60000);
        for (Eigen::Index i = 0; i < data.size(); ++i)
            data(i) = float(engine() & 1U);
    }
    const Eigen::Index batches = (data.cols() + 99) / 100;
    std::cout << "emergence RBM benchmark: 784 x 500, float, batch 100, " << data.cols()
              << (folder.empty() ? " random" : " Fashion-MNIST") << " images, "
              << Eigen::nbThreads() << " threads, medians of " << rounds << " rounds\n";

    // One epoch of training per round for each method, next to the products alone.
    ProductsOnly products;
    for (const bool persistent : {false, true})
    {
        std::vector<double> epochTimes, productTimes;
        for (int round = 0; round < rounds; ++round)
        {
            emergence::RestrictedBoltzmannMachine<float> machine(784, 500, 1);
            emergence::TrainingOptions options;
            options.epochs = 1;
            options.batchSize = 100;
            options.learningRate = 0.05;
            options.persistent = persistent;
            double trainingSeconds = 0;
            machine.train(data, options, [&](const emergence::EpochReport& report) {
                trainingSeconds = report.seconds;
                return true;
            });
            epochTimes.push_back(trainingSeconds);

            const Clock::time_point start = Clock::now();
            for (Eigen::Index b = 0; b < batches; ++b)
                products.step();
            productTimes.push_back(secondsSince(start));
        }

        const double epoch = median(epochTimes);
        const double alone = median(productTimes);
        std::cout << std::fixed << std::setprecision(2) << (persistent ? "PCD-1" : "CD-1 ")
                  << ": epoch " << epoch << " s = " << std::setprecision(0)
                  << double(data.cols()) / epoch << " samples/s; the 5 products per batch alone "
                  << std::setprecision(2) << alone << " s; ratio " << epoch / alone << "\n";
    }
    return 0;
}
