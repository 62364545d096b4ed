package dev.o2o.contract;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the engine: events in, records out. Money is written as decimal strings,
 * times as ISO-8601, enums by their wire names. Decoding an event turns every failure into an
 * {@link InvalidEventException} whose message says what is wrong in words a producer can act on.
 */
public final class Json {
  /** Largest payload accepted, in bytes; larger ones are rejected before parsing. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** Event times in the plain UTC form are read by hand; any other form as before. */
  private static final JsonDeserializer<Instant> FAST_INSTANTS =
      new StdScalarDeserializer<>(Instant.class) {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context)
            throws IOException {
          if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant fast = IsoInstants.parseUtc(parser.getText());
            if (fast != null) {
              return fast;
            }
          }
          return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
      };

  /** Times are written as {@link Instant#toString} would, without its formatter. */
  private static final JsonSerializer<Instant> FAST_INSTANT_WRITER =
      new StdSerializer<>(Instant.class) {
        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
            throws IOException {
          generator.writeString(IsoInstants.format(value));
        }
      };

  private static final ObjectMapper MAPPER = newMapper();

  private static final Map<EventType, ObjectReader> READERS = readers();

  private static final Map<EventType, ObjectWriter> WRITERS = writers();

  /** Each event type's {@code {"type":"..."} opening, written once. */
  private static final Map<EventType, byte[]> TYPE_FIELDS = typeFields();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  static ObjectMapper newMapper() {
    JsonMapper mapper =
        JsonMapper.builder(
                JsonFactory.builder()
                    // Parsers and generators are made per record on threads that hold many
                    // thread-locals, where looking up a per-thread buffer pool cost more than a
                    // shared one.
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .addModule(new JavaTimeModule())
            .addModule(new BlackbirdModule())
            .addModule(
                new SimpleModule("o2o-instants")
                    .addDeserializer(Instant.class, FAST_INSTANTS)
                    .addSerializer(Instant.class, FAST_INSTANT_WRITER))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(FootfallMinute.class, FootfallMinuteFigures.class)
            .addMixIn(Offer.class, OfferPercentOff.class)
            .addModule(
                new SimpleModule("o2o-percent-off")
                    .setDeserializerModifier(new PercentOffAsBenefit.Modifier()))
            .build();
    mapper
        .configOverride(BigDecimal.class)
        .setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(MAX_PAYLOAD_BYTES)
                .build());
    return mapper;
  }

  /**
   * The figures that footfall minutes gained after the first were stored: a stored minute without
   * them reads as zero rather than failing, as a missing number elsewhere does.
   */
  private interface FootfallMinuteFigures {
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long doorExits();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long newVisitors();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long returningVisitors();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long closedVisits();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long convertedVisits();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long dwellUnder5Min();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long dwell5To15Min();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long dwell15To30Min();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long dwell30To60Min();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long dwellOver60Min();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long offersSent();

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    long offersRedeemed();
  }

  /** An offer's percentage off is written for older readers and never read back. */
  private interface OfferPercentOff {
    @JsonProperty(value = "percentOff", access = JsonProperty.Access.READ_ONLY)
    Integer percentOff();
  }

  /**
   * Campaigns and offers written before benefits had kinds give a bare {@code percentOff}, which
   * reads as a percent-off {@code benefit}. A campaign that gives both is refused, since the two
   * could disagree; an offer's {@code percentOff} beside its benefit is the engine's own copy.
   */
  private static final class PercentOffAsBenefit extends DelegatingDeserializer {
    private final boolean campaign;

    PercentOffAsBenefit(JsonDeserializer<?> delegate, boolean campaign) {
      super(delegate);
      this.campaign = campaign;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new PercentOffAsBenefit(delegate, campaign);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode node = context.readTree(parser);
      if (node instanceof ObjectNode object && object.has("percentOff")) {
        JsonNode percent = object.remove("percentOff");
        if (!object.has("benefit")) {
          object.putObject("benefit").put("kind", "percent-off").set("value", percent);
        } else if (campaign) {
          throw new InvalidEventException(
              "give the campaign's benefit either as benefit or as percentOff, not both");
        }
      }
      try (JsonParser tree = parser.getCodec().treeAsTokens(node)) {
        tree.nextToken();
        return super.deserialize(tree, context);
      }
    }

    static final class Modifier extends BeanDeserializerModifier {
      @Override
      public JsonDeserializer<?> modifyDeserializer(
          DeserializationConfig config,
          BeanDescription description,
          JsonDeserializer<?> deserializer) {
        Class<?> type = description.getBeanClass();
        if (type == Campaign.class || type == Offer.class) {
          return new PercentOffAsBenefit(deserializer, type == Campaign.class);
        }
        return deserializer;
      }
    }
  }

  private static Map<EventType, ObjectReader> readers() {
    Map<EventType, ObjectReader> readers = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      readers.put(type, MAPPER.readerFor(type.recordClass()));
    }
    return readers;
  }

  private static Map<EventType, ObjectWriter> writers() {
    Map<EventType, ObjectWriter> writers = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      writers.put(type, MAPPER.writerFor(type.recordClass()));
    }
    return writers;
  }

  private static Map<EventType, byte[]> typeFields() {
    Map<EventType, byte[]> fields = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      ObjectNode node = MAPPER.createObjectNode().put("type", type.wireName());
      byte[] object = write(node);
      fields.put(type, Arrays.copyOf(object, object.length - 1));
    }
    return fields;
  }

  /**
   * Writes an event with its {@code type} field first. The record is written as usual and its
   * fields are joined to the type's opening, so the event is serialized once, without a tree.
   */
  public static byte[] encodeEvent(Event event) {
    byte[] record;
    try {
      record = WRITERS.get(event.type()).writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    byte[] type = TYPE_FIELDS.get(event.type());
    if (record.length < 2 || record[0] != '{') {
      throw new IllegalStateException(event.type() + " was not written as a JSON object");
    }
    boolean noFields = record.length == 2;
    byte[] joined = new byte[type.length + record.length - (noFields ? 1 : 0)];
    System.arraycopy(type, 0, joined, 0, type.length);
    if (noFields) {
      joined[type.length] = '}';
    } else {
      joined[type.length] = ',';
      System.arraycopy(record, 1, joined, type.length + 1, record.length - 1);
    }
    return joined;
  }

  /** Reads an event of any type; throws {@link InvalidEventException} with the reason. */
  public static Event decodeEvent(byte[] payload) {
    Event streamed = decodeLeadingType(payload);
    if (streamed != null) {
      return streamed;
    }
    JsonNode node = readTree(payload);
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      throw new InvalidEventException("type is required");
    }
    EventType eventType =
        EventType.fromWireName(type.asText())
            .orElseThrow(
                () ->
                    new InvalidEventException(
                        "type '" + clip(type.asText()) + "' is not an event type"));
    return convert(node, eventType.recordClass());
  }

  /**
   * Decodes in one pass an event whose {@code type} comes first, as the engine and well-behaved
   * producers write it; {@code null} for any other payload, or any that fails, so that the general
   * path decodes it or explains what is wrong with it in the usual words.
   */
  private static Event decodeLeadingType(byte[] payload) {
    if (payload == null || payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
      return null;
    }
    try (JsonParser parser = MAPPER.getFactory().createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT
          || parser.nextToken() != JsonToken.FIELD_NAME
          || !parser.currentName().equals("type")
          || parser.nextToken() != JsonToken.VALUE_STRING) {
        return null;
      }
      EventType type = EventType.fromWireName(parser.getText()).orElse(null);
      if (type == null || parser.nextToken() != JsonToken.FIELD_NAME) {
        return null;
      }
      Event event = READERS.get(type).readValue(parser);
      return parser.nextToken() == null ? event : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The top-level {@code occurredAt} of an event payload, read without decoding the event; empty
   * when the payload is not JSON or has no readable time. For event-time stamping of raw records.
   */
  public static Optional<Instant> occurredAt(byte[] payload) {
    if (payload == null || payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
      return Optional.empty();
    }
    Optional<Instant> scanned = EventTimeScan.occurredAt(payload);
    return scanned != null ? scanned : occurredAtParsed(payload);
  }

  /** {@link #occurredAt} read with a JSON parser. */
  static Optional<Instant> occurredAtParsed(byte[] payload) {
    try (JsonParser parser = MAPPER.getFactory().createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("occurredAt")) {
          return value == JsonToken.VALUE_STRING
              ? Optional.of(IsoInstants.parse(parser.getText()))
              : Optional.empty();
        }
        parser.skipChildren();
      }
      return Optional.empty();
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String encodeToString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a record the engine wrote itself (outputs and views); these are trusted. */
  public static <T> T decode(byte[] payload, Class<T> type) {
    try {
      return MAPPER.readValue(payload, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + type.getSimpleName(), e);
    }
  }

  public static <T> T decode(String payload, Class<T> type) {
    return decode(payload.getBytes(StandardCharsets.UTF_8), type);
  }

  private static JsonNode readTree(byte[] payload) {
    if (payload == null || payload.length == 0) {
      throw new InvalidEventException("payload is empty");
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new InvalidEventException(
          "payload is " + payload.length + " bytes, more than the limit of " + MAX_PAYLOAD_BYTES);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(payload);
    } catch (IOException e) {
      throw new InvalidEventException("not valid JSON: " + firstLine(e), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidEventException("payload must be one JSON object");
    }
    return node;
  }

  private static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidEventException invalid) {
        throw invalid;
      }
      throw new InvalidEventException(firstLine(e), e);
    } catch (InvalidFormatException e) {
      throw new InvalidEventException(
          path(e) + " has an invalid value '" + clip(String.valueOf(e.getValue())) + "'", e);
    } catch (MismatchedInputException e) {
      throw new InvalidEventException(path(e) + " has the wrong type", e);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(firstLine(e), e);
    }
  }

  private static String path(MismatchedInputException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return path.isEmpty() ? "value" : path;
  }

  private static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(Exception e) {
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
