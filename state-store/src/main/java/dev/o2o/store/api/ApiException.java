package dev.o2o.store.api;

/** A request the API answers with an error status and a JSON {@code {"error": message}}. */
final class ApiException extends RuntimeException {
  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  int status() {
    return status;
  }
}
