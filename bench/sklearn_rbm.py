#!/usr/bin/python3
"""Trains scikit-learn's BernoulliRBM on Fashion-MNIST for comparison with emergence.

The images are binarised exactly as examples/boltzmann_fmnist does (scaled to [0, 1], a
pixel is on when strictly above its image's mean). The trained machine is written as an
emergence model file (see include/emergence/io/model_file.hpp, kind "rbm", float), so that

    build/release/examples/boltzmann_fmnist --data DIR --full --load sklearn.emrg

reports its test log-likelihood by the same annealed importance sampling as our own runs.

Needs Debian's python3-sklearn, and libopenblas0-pthread for a fast numpy (run it with
/usr/bin/python3, which sees Debian's packages). Not part of the build or the tests.
Usage: bench/sklearn_rbm.py DATA_DIR OUT_FILE [--epochs 5] [--hidden 500]
       [--learning-rate 0.1] [--batch 100] [--seed 1]
"""

import argparse
import gzip
import struct
import sys
import time
import zlib

import numpy as np
from sklearn.neural_network import BernoulliRBM


def read_idx_images(path):
    """The images of an IDX file (raw or gzip) as an array of shape (count, rows * cols)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as stream:
        data = stream.read()
    if len(data) < 16:
        sys.exit(f"{path}: {len(data)} bytes, too short for an IDX image header")
    magic, count, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 0x00000803:
        sys.exit(f"{path}: magic number {magic:#010x}, expected 0x00000803")
    if len(data) != 16 + count * rows * cols:
        sys.exit(f"{path}: {len(data)} bytes, expected {16 + count * rows * cols}")
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16)
    return pixels.reshape(count, rows * cols)


def binarize_at_mean(pixels):
    """Scales to [0, 1] and sets each pixel above its image's mean to 1, the rest to 0."""
    scaled = pixels.astype(np.float64) / 255.0
    return (scaled > scaled.mean(axis=1, keepdims=True)).astype(np.float64)


def name_bytes(name):
    """A model-file name: one length byte, then the ASCII name."""
    encoded = name.encode("ascii")
    return struct.pack("<B", len(encoded)) + encoded


def write_model_file(path, weights, visible_biases, hidden_biases):
    """Writes an emergence model file, format version 1, kind "rbm", float values."""
    arrays = [("weights", weights), ("visibleBiases", visible_biases.reshape(-1, 1)),
              ("hiddenBiases", hidden_biases.reshape(-1, 1))]
    body = b"EMRG" + struct.pack("<I", 1) + b"rbm".ljust(16, b"\0")
    body += struct.pack("<III", 4, 0, len(arrays))
    for name, array in arrays:
        rows, cols = array.shape
        body += name_bytes(name) + struct.pack("<QQ", rows, cols)
        body += np.asfortranarray(array, dtype="<f4").tobytes(order="F")
    with open(path, "wb") as stream:
        stream.write(body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("out_file")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--hidden", type=int, default=500)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    train = binarize_at_mean(read_idx_images(f"{args.data_dir}/train-images-idx3-ubyte.gz"))
    rbm = BernoulliRBM(n_components=args.hidden, learning_rate=args.learning_rate,
                       batch_size=args.batch, n_iter=args.epochs, random_state=args.seed)
    started = time.perf_counter()
    rbm.fit(train)
    seconds = time.perf_counter() - started
    print(f"scikit-learn BernoulliRBM: 784 x {args.hidden}, {args.epochs} epochs of "
          f"{train.shape[0]} images, learning rate {args.learning_rate}, batch {args.batch}: "
          f"{seconds:.1f} s ({seconds / args.epochs:.2f} s per epoch)")

    # scikit-learn keeps the weights as hidden x visible; emergence as visible x hidden.
    write_model_file(args.out_file, rbm.components_.T, rbm.intercept_visible_,
                     rbm.intercept_hidden_)
    print(f"wrote {args.out_file}")


if __name__ == "__main__":
    main()
