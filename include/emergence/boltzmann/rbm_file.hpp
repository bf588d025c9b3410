#ifndef EMERGENCE_BOLTZMANN_RBM_FILE_HPP
#define EMERGENCE_BOLTZMANN_RBM_FILE_HPP

/**
 * @file
 * Saving and loading RestrictedBoltzmannMachine in the model file format of
 * io/model_file.hpp: kind "rbm", the V x H array "weights", the V x 1 array "visibleBiases"
 * and the H x 1 array "hiddenBiases", in the machine's scalar type.
 */

#include <emergence/boltzmann/restricted_boltzmann_machine.hpp>
#include <emergence/detail/error.hpp>
#include <emergence/detail/model_file_format.hpp>
#include <emergence/io/model_file.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace emergence
{

namespace detail
{

/// The model kind of restricted Boltzmann machine files.
constexpr const char* RbmModelKind = "rbm";

} // namespace detail

/**
 * Saves a machine's weights and biases, replacing `path` atomically (a crash during the
 * save leaves any old file intact). The engine state is not saved.
 *
 * @throws std::invalid_argument if the path is empty or the file would exceed 4 GiB.
 * @throws std::runtime_error if the file cannot be written (path and system reason given).
 */
template <typename Scalar>
void saveModel(const std::string& path, const RestrictedBoltzmannMachine<Scalar>& machine)
{
    ModelRecord<Scalar> record(detail::RbmModelKind);
    record.addArray("weights", machine.weights());
    record.addArray("visibleBiases", machine.visibleBiases());
    record.addArray("hiddenBiases", machine.hiddenBiases());
    detail::writeModelRecord(path, record, detail::modelFileContext("saveModel", path));
}

/**
 * Loads a machine saved by saveModel().
 *
 * @tparam Scalar the scalar type the machine was saved with (float or double).
 * @param path the file to read.
 * @param seed seed of the loaded machine's engine (the saved engine state is not stored).
 * @throws std::runtime_error if the file cannot be read, is not a valid model file, holds
 *         another kind of model or scalar type, lacks an entry, or holds arrays whose shapes
 *         do not fit together or values that are not finite; the message names the path.
 */
template <typename Scalar>
RestrictedBoltzmannMachine<Scalar> loadRestrictedBoltzmannMachine(
    const std::string& path, std::uint64_t seed = RestrictedBoltzmannMachine<Scalar>::DefaultSeed)
{
    const std::string context = detail::modelFileContext("loadRestrictedBoltzmannMachine", path);
    const ModelRecord<Scalar> record =
        detail::readModelRecord<Scalar>(path, detail::RbmModelKind, context);

    detail::requireModelEntries(record, {"weights", "visibleBiases", "hiddenBiases"}, {},
                                context);

    // The constructor and setters check shapes and values; their complaints are bad data here.
    const auto& weights = record.array("weights");
    try
    {
        RestrictedBoltzmannMachine<Scalar> machine(weights.rows(), weights.cols(), seed);
        machine.setWeights(weights);
        machine.setVisibleBiases(record.array("visibleBiases"));
        machine.setHiddenBiases(record.array("hiddenBiases"));
        return machine;
    }
    catch (const std::invalid_argument& error)
    {
        throw std::runtime_error(detail::message(context, ": ", error.what()));
    }
}

} // namespace emergence

#endif // EMERGENCE_BOLTZMANN_RBM_FILE_HPP
