package dev.signinflow.testkit.explore;

import java.nio.file.Path;
import java.util.Optional;

/** How far and how wide a run explores, and where it writes. */
record ExplorerSettings(
    int depth,
    int walks,
    int walkLength,
    double resumeSampleRate,
    int parallelism,
    Optional<Path> outputDirectory) {}
