// Trains a restricted Boltzmann machine on binarised Fashion-MNIST images and uses it to
// clean up noisy copies. With no options it runs the small setting of the reference Python
// project (4 training images, 64 hidden units, 500 epochs); with --data DIR --full it trains
// on all 60,000 training images and reports the test log-likelihood by annealed importance
// sampling. Run with --help for the options.
#include <emergence/emergence.hpp>

#include <CLI/CLI.hpp>

#include "data_files.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

namespace
{

struct DemoOptions
{
    std::string dataFolder = EMERGENCE_DATA_DIR;
    bool full = false;
    Eigen::Index hidden = 0;
    emergence::TrainingOptions training;
    double noise = 0.3;
    std::uint64_t seed = 1;
    std::string outputFolder = ".";
    std::string modelPath;
    std::string loadPath;
};

/** Saves the trained machine when --save was given. */
void saveIfAsked(const DemoOptions& options,
                 const emergence::RestrictedBoltzmannMachine<float>& machine)
{
    if (options.modelPath.empty())
        return;
    emergence::saveModel(options.modelPath, machine);
    std::cout << "saved the machine to " << options.modelPath << "\n";
}

/** Reads an IDX image file and binarises every image at its own mean to 0/1. */
Eigen::MatrixXf readBinaryImages(const std::string& path)
{
    const emergence::IdxImages images = emergence::readIdxImages(path);
    return emergence::binarizeAtMean(emergence::scaleToUnit<float>(images.pixels),
                                     emergence::Coding::Binary);
}

/** Writes a grid of 28 x 28 images with the given value range, and says so. */
void writeGrid(const DemoOptions& options, const std::string& name, const Eigen::MatrixXf& images,
               Eigen::Index rows, Eigen::Index columns, double low, double high)
{
    emergence::GridLayout layout;
    layout.rows = rows;
    layout.columns = columns;
    layout.upscale = 2;
    const std::string path = (std::filesystem::path(options.outputFolder) / name).string();
    emergence::writePng(path, emergence::imageGrid(images, 28, 28, layout, low, high));
    std::cout << "wrote " << path << "\n";
}

/**
 * Flips a fraction of the pixels of `originals`, reconstructs them, and prints the pixel
 * accuracy of the reconstructions thresholded at 1/2. Returns the three rows for a figure.
 */
Eigen::MatrixXf denoise(emergence::RestrictedBoltzmannMachine<float>& machine,
                        const Eigen::MatrixXf& originals, double noise, std::mt19937_64& engine)
{
    const Eigen::MatrixXf noisy =
        emergence::flipPixels(originals, noise, engine, emergence::Coding::Binary);
    const Eigen::MatrixXf reconstructed = machine.reconstruct(noisy);
    const Eigen::MatrixXf decided = (reconstructed.array() > 0.5f).cast<float>().matrix();

    const double pixels = double(originals.size());
    const double before = 1.0 - double((noisy.array() != originals.array()).count()) / pixels;
    const double after = 1.0 - double((decided.array() != originals.array()).count()) / pixels;
    Eigen::Index exact = 0;
    for (Eigen::Index k = 0; k < originals.cols(); ++k)
        exact += decided.col(k) == originals.col(k) ? 1 : 0;
    std::cout << std::fixed << std::setprecision(4) << "denoising " << originals.cols()
              << " images with " << std::setprecision(0) << noise * 100
              << "% of pixels flipped: pixel accuracy " << std::setprecision(4) << before
              << " noisy, " << after << " reconstructed; " << exact << " of "
              << originals.cols() << " reconstructed exactly\n";

    Eigen::MatrixXf rows(originals.rows(), 3 * originals.cols());
    rows << originals, noisy, reconstructed;
    return rows;
}

/** Prints one progress line per epoch. */
bool printEpoch(const emergence::EpochReport& report)
{
    std::cout << std::fixed << std::setprecision(2) << "epoch " << report.epoch + 1
              << ": reconstruction error " << report.reconstructionError
              << ", free energy train " << report.trainingFreeEnergy;
    if (!std::isnan(report.heldOutFreeEnergy))
        std::cout << " held-out " << report.heldOutFreeEnergy << " (gap "
                  << report.heldOutFreeEnergy - report.trainingFreeEnergy << ")";
    std::cout << ", " << std::setprecision(1) << report.seconds << " s\n";
    return true;
}

int runSmall(DemoOptions options)
{
    // The reference setting: training images 5 to 8, 64 hidden units, 500 epochs.
    const Eigen::MatrixXf all = readBinaryImages(findDataFile(
        options.dataFolder, {"train-1000-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz"}));
    const Eigen::MatrixXf images = all.middleCols(5, 4);
    const Eigen::Index hidden = options.hidden > 0 ? options.hidden : 64;
    std::cout << "Training a 784 x " << hidden << " RBM on training images 5 to 8, "
              << options.training.epochs << " epochs, learning rate "
              << options.training.learningRate << ", batch " << options.training.batchSize
              << ", " << (options.training.persistent ? "PCD-" : "CD-")
              << options.training.gibbsSteps << ", seed " << options.seed << "\n";

    emergence::RestrictedBoltzmannMachine<float> machine(784, hidden, options.seed);
    machine.initializeVisibleBiases(images);
    const Eigen::Index epochs = options.training.epochs;
    machine.train(images, options.training, [epochs](const emergence::EpochReport& report) {
        return (report.epoch + 1) % 100 != 0 && report.epoch + 1 != epochs
                   ? true
                   : printEpoch(report);
    });
    std::cout << "exact average log-likelihood of the 4 images: ";
    if (hidden <= emergence::RestrictedBoltzmannMachine<float>::MaxEnumeratedUnits)
        std::cout << std::setprecision(2) << machine.averageLogLikelihood(images) << " nats\n";
    else
        std::cout << "not computed (more than 24 hidden units)\n";

    saveIfAsked(options, machine);

    std::mt19937_64 engine(options.seed);
    writeGrid(options, "boltzmann_fmnist.png", denoise(machine, images, options.noise, engine),
              3, 4, 0.0, 1.0);
    return 0;
}

int runFull(DemoOptions options)
{
    // All 60,000 training images; the test set gives held-out free energies and the
    // log-likelihood.
    const Eigen::MatrixXf train = readBinaryImages(findDataFile(
        options.dataFolder, {"train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"}));
    const Eigen::MatrixXf test = readBinaryImages(findDataFile(
        options.dataFolder, {"t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"}));
    emergence::RestrictedBoltzmannMachine<float> machine(784, 1);
    if (!options.loadPath.empty())
    {
        machine = emergence::loadRestrictedBoltzmannMachine<float>(options.loadPath);
        if (machine.visibleUnits() != 784)
            throw std::runtime_error(options.loadPath + ": the machine has " +
                                     std::to_string(machine.visibleUnits()) +
                                     " visible units, expected 784 (28 x 28 images)");
        std::cout << "Evaluating the 784 x " << machine.hiddenUnits() << " RBM of "
                  << options.loadPath << " on " << test.cols() << " test images\n";
    }
    else
    {
        const Eigen::Index hidden = options.hidden > 0 ? options.hidden : 500;
        std::cout << "Training a 784 x " << hidden << " RBM on " << train.cols()
                  << " images, " << options.training.epochs << " epochs, learning rate "
                  << options.training.learningRate << ", batch " << options.training.batchSize
                  << ", " << (options.training.persistent ? "PCD-" : "CD-")
                  << options.training.gibbsSteps << ", seed " << options.seed << "\n";

        machine = emergence::RestrictedBoltzmannMachine<float>(784, hidden, options.seed);
        machine.initializeVisibleBiases(train);
        const Eigen::Index monitored = std::min<Eigen::Index>(test.cols(), 1000);
        machine.train(train, test.leftCols(monitored), options.training, printEpoch);
        saveIfAsked(options, machine);
    }

    // Figures: filters, samples from Gibbs chains started at noise, reconstructions.
    const float range = machine.weights().cwiseAbs().maxCoeff();
    const Eigen::Index shown = std::min<Eigen::Index>(machine.hiddenUnits(), 100);
    writeGrid(options, "filters.png", machine.weights().leftCols(shown), (shown + 9) / 10, 10,
              -range, range);
    std::mt19937_64 engine(options.seed);
    const Eigen::MatrixXf start = emergence::flipPixels(
        Eigen::MatrixXf::Zero(784, 100), 0.5, engine, emergence::Coding::Binary);
    writeGrid(options, "samples.png", machine.gibbsChains(start, 1000), 10, 10, 0.0, 1.0);
    writeGrid(options, "reconstructions.png",
              denoise(machine, test.leftCols(10), options.noise, engine), 3, 10, 0.0, 1.0);

    // The test log-likelihood, with log Z estimated by annealed importance sampling.
    emergence::AisOptions ais;
    const auto estimate = emergence::estimateLogPartitionFunction(machine, train, ais, engine);
    const double logZ = estimate.logPartitionFunction;
    std::cout << std::fixed << std::setprecision(2) << "AIS log Z = " << logZ << " ("
              << estimate.lowerBound << " to " << estimate.upperBound << ", " << ais.runs
              << " runs); average log-likelihood: test "
              << machine.averageLogLikelihood(test, logZ) << " nats, training "
              << machine.averageLogLikelihood(train, logZ) << " nats\n";
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    DemoOptions options;
    options.training.epochs = 0;
    options.training.learningRate = 0.0;
    options.training.batchSize = 0;

    CLI::App app("Train a restricted Boltzmann machine on Fashion-MNIST.", "boltzmann_fmnist");
    app.add_option("--data", options.dataFolder,
                   "Folder with the IDX files, e.g. /usr/share/datasets/fashion-mnist")
        ->capture_default_str();
    app.add_flag("--full", options.full, "Train on all 60,000 training images of --data");
    app.add_option("--hidden", options.hidden, "Hidden units (default 64, or 500 with --full)")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(100000)));
    app.add_option("--epochs", options.training.epochs, "Epochs (default 500, or 10 with --full)")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(1000000)));
    app.add_option("--learning-rate", options.training.learningRate,
                   "Learning rate (default 0.01, or 0.05 with --full)")
        ->check(CLI::Range(1e-9, 100.0));
    app.add_option("--batch", options.training.batchSize, "Batch size (default 4, or 100)")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(100000)));
    app.add_option("--k", options.training.gibbsSteps, "Gibbs steps of CD-k / PCD-k")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(1000)))
        ->capture_default_str();
    app.add_flag("--persistent", options.training.persistent, "Persistent CD (PCD-k)");
    app.add_option("--momentum", options.training.finalMomentum,
                   "Momentum after epoch 5 (0.5 before)")
        ->check(CLI::Range(0.0, 0.999))
        ->capture_default_str();
    app.add_option("--weight-decay", options.training.weightDecay, "L2 weight decay")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--noise", options.noise, "Fraction of pixels flipped in the noisy copies")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--seed", options.seed, "Seed of initialisation, training and noise")
        ->check(CLI::Range(std::uint64_t(0), std::uint64_t(1) << 62))
        ->capture_default_str();
    app.add_option("--out-dir", options.outputFolder, "Folder for the PNG files")
        ->check(CLI::ExistingDirectory)
        ->capture_default_str();
    app.add_option("--save", options.modelPath, "Save the trained machine to this file");
    app.add_option("--load", options.loadPath,
                   "With --full: evaluate this saved machine (figures, AIS log-likelihood) "
                   "instead of training one")
        ->check(CLI::ExistingFile);
    app.failure_message(CLI::FailureMessage::help);
    CLI11_PARSE(app, argc, argv);

    if (!options.loadPath.empty() && !options.full)
    {
        std::cerr << "boltzmann_fmnist: --load needs --full (it evaluates on the test set)\n";
        return 2;
    }

    // A --save folder that does not exist is refused before training, not after it.
    if (!options.modelPath.empty() &&
        !std::filesystem::is_directory(
            std::filesystem::absolute(options.modelPath).parent_path()))
    {
        std::cerr << "boltzmann_fmnist: --save " << options.modelPath
                  << ": the folder does not exist\n";
        return 2;
    }

    // Defaults that depend on the mode, for the options not given.
    if (options.training.epochs == 0)
        options.training.epochs = options.full ? 10 : 500;
    if (options.training.learningRate == 0.0)
        options.training.learningRate = options.full ? 0.05 : 0.01;
    if (options.training.batchSize == 0)
        options.training.batchSize = options.full ? 100 : 4;

    try
    {
        return options.full ? runFull(options) : runSmall(options);
    }
    catch (const std::exception& error)
    {
        std::cerr << "boltzmann_fmnist: " << error.what() << "\n";
        return 1;
    }
}
