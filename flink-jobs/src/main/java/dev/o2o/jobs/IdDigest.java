package dev.o2o.jobs;

/**
 * A 128-bit digest of an event id, made of two 64-bit hashes of its characters that are mixed
 * differently, each finished by an avalanche step so that ids differing in one character differ in
 * about half the bits. It is for recognising repeats among well-meant ids, not a cryptographic
 * hash.
 */
public record IdDigest(long high, long low) {
  private static final long HIGH_SEED = 0xcbf29ce484222325L;
  private static final long HIGH_PRIME = 0x100000001b3L;
  private static final long LOW_SEED = 0x84222325cbf29ce4L;
  private static final long LOW_PRIME = 0x9e3779b97f4a7c15L;

  public static IdDigest of(String id) {
    long high = HIGH_SEED;
    long low = LOW_SEED;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      high = (high ^ c) * HIGH_PRIME;
      low = Long.rotateLeft((low ^ c) * LOW_PRIME, 29);
    }
    return new IdDigest(avalanche(high ^ id.length()), avalanche(low + id.length()));
  }

  private static long avalanche(long value) {
    long x = value;
    x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
    x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }
}
