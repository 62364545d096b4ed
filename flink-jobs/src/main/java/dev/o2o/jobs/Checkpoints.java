package dev.o2o.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds where a job left off. Flink writes retained checkpoints as {@code <dir>/<job
 * id>/chk-<n>/_metadata}, and the metadata file is written last, so a checkpoint directory with one
 * is complete. Each submission gets a new job id, so the newest checkpoint is searched across all
 * of them.
 */
public final class Checkpoints {
  private static final String METADATA = "_metadata";

  private Checkpoints() {}

  public static Optional<Path> newestComplete(Path checkpointDirectory) {
    if (!Files.isDirectory(checkpointDirectory)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.find(checkpointDirectory, 3, Checkpoints::isMetadata)) {
      return files
          .max(Comparator.comparing(Checkpoints::modified).thenComparing(Checkpoints::number))
          .map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search checkpoints in " + checkpointDirectory, e);
    }
  }

  private static boolean isMetadata(Path file, BasicFileAttributes attrs) {
    return attrs.isRegularFile()
        && file.getFileName().toString().equals(METADATA)
        && file.getParent().getFileName().toString().startsWith("chk-");
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long number(Path metadata) {
    String name = metadata.getParent().getFileName().toString();
    try {
      return Long.parseLong(name.substring("chk-".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
