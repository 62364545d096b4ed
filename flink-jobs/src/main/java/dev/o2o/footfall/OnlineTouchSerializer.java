package dev.o2o.footfall;

import dev.o2o.contract.OnlineTouch;
import dev.o2o.contract.TouchKind;
import dev.o2o.jobs.BlockSerializer;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a touch the attributor keeps as one block; up to 200 of them per customer. */
public final class OnlineTouchSerializer extends BlockSerializer<OnlineTouch> {
  static final OnlineTouchSerializer INSTANCE = new OnlineTouchSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public void writeFields(OnlineTouch touch, DataOutputView out) throws IOException {
    writeString(out, touch.eventId());
    writeInstant(out, touch.occurredAt());
    writeString(out, touch.customerId());
    writeEnum(out, touch.kind());
    writeString(out, touch.campaignId());
    writeString(out, touch.sku());
  }

  @Override
  public OnlineTouch readFields(DataInputView in) throws IOException {
    return new OnlineTouch(
        readString(in),
        readInstant(in),
        readString(in),
        readEnum(in, TouchKind.class),
        readString(in),
        readString(in));
  }
}
