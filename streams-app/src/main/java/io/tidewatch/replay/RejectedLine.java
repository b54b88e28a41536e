package io.tidewatch.replay;

/** An input record that could not become a turn: where it is and why. */
public record RejectedLine(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
