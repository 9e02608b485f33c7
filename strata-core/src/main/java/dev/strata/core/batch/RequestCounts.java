package dev.strata.core.batch;

/** How many records a job has, and how many have succeeded and failed so far. */
public record RequestCounts(long total, long completed, long failed) {
  public static final RequestCounts NONE = new RequestCounts(0, 0, 0);

  public RequestCounts {
    if (total < 0 || completed < 0 || failed < 0 || completed + failed > total) {
      throw new IllegalArgumentException(
          "impossible counts: total " + total + ", completed " + completed + ", failed " + failed);
    }
  }

  /** Records neither completed nor failed yet. */
  public long pending() {
    return total - completed - failed;
  }
}
