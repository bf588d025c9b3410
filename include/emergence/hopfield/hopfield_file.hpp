#ifndef EMERGENCE_HOPFIELD_HOPFIELD_FILE_HPP
#define EMERGENCE_HOPFIELD_HOPFIELD_FILE_HPP

/**
 * @file
 * Saving and loading HopfieldNetwork in the model file format of io/model_file.hpp.
 *
 * A Hopfield file has kind "hopfield", the integer "patternCount", the N x N array
 * "couplings" (N W: for Hebbian weights the plain sum of outer products, exact integers; for
 * Storkey and pseudo-inverse weights whatever values training left, stored bit for bit) and
 * the N x 1 array "thresholds". The file does not record which learning rule was used. The
 * scalar type is part of the file: a HopfieldNetwork<float> is loaded as float, a
 * HopfieldNetwork<double> as double.
 */

#include <emergence/detail/error.hpp>
#include <emergence/detail/model_file_format.hpp>
#include <emergence/hopfield/hopfield_network.hpp>
#include <emergence/io/model_file.hpp>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>

namespace emergence
{

namespace detail
{

/// The model kind of Hopfield files.
constexpr const char* HopfieldModelKind = "hopfield";

} // namespace detail

/**
 * Saves a Hopfield network's couplings, thresholds and pattern count, replacing `path`
 * atomically (a crash during the save leaves any old file intact).
 *
 * @param path the file to create or replace; its folder must exist.
 * @param network the network to save. Its engine state and recall buffers are not saved.
 * @throws std::invalid_argument if the path is empty or the file would exceed 4 GiB.
 * @throws std::runtime_error if the file cannot be written (path and system reason given).
 */
template <typename Scalar>
void saveModel(const std::string& path, const HopfieldNetwork<Scalar>& network)
{
    ModelRecord<Scalar> record(detail::HopfieldModelKind);
    record.addInteger("patternCount", network.patternCount());
    record.addArray("couplings", network.couplings());
    record.addArray("thresholds", network.thresholds());
    detail::writeModelRecord(path, record, detail::modelFileContext("saveModel", path));
}

/**
 * Loads a Hopfield network saved by saveModel().
 *
 * @code
 * emergence::saveModel("net.emrg", network);
 * auto loaded = emergence::loadHopfieldNetwork<float>("net.emrg");
 * @endcode
 *
 * @tparam Scalar the scalar type the network was saved with (float or double).
 * @param path the file to read.
 * @param seed seed of the loaded network's engine; the saved network's engine state is not
 *        stored, so random-order recall repeats that of a network built with this seed.
 * @return the network, with the saved couplings, thresholds and pattern count.
 * @throws std::runtime_error if the file cannot be read, is not a valid model file (see
 *         readModelFile()), holds another kind of model or scalar type, lacks an entry, or
 *         holds couplings or thresholds that HopfieldNetwork::fromCouplings() refuses. The
 *         message names the function, the path, the value found and the value expected.
 */
template <typename Scalar>
HopfieldNetwork<Scalar>
loadHopfieldNetwork(const std::string& path,
                    std::uint64_t seed = HopfieldNetwork<Scalar>::DefaultSeed)
{
    const std::string context = detail::modelFileContext("loadHopfieldNetwork", path);
    const ModelRecord<Scalar> record =
        detail::readModelRecord<Scalar>(path, detail::HopfieldModelKind, context);

    // A missing entry, or a matrix that is no Hopfield network, is bad data: runtime_error.
    detail::requireModelEntries(record, {"couplings", "thresholds"}, {"patternCount"}, context);

    try
    {
        return HopfieldNetwork<Scalar>::fromCouplings(record.array("couplings"),
                                                      record.array("thresholds"),
                                                      record.integer("patternCount"), seed);
    }
    catch (const std::invalid_argument& error)
    {
        throw std::runtime_error(detail::message(context, ": ", error.what()));
    }
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_HOPFIELD_FILE_HPP
