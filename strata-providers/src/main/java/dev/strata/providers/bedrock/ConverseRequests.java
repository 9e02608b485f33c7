package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.provider.ModelCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.CacheTTL;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentFormat;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Maps a canonical request to the SDK's Converse and ConverseStream requests. Cache points become
 * {@code cachePoint} blocks where they stand (system, messages, and after a tool in {@code
 * toolConfig.tools}); more than {@link ContentBlock.CachePoint#MAX_PER_REQUEST} is refused, as
 * Bedrock would. Converse has no JSON mode, so a response format other than text is refused rather
 * than silently ignored.
 */
final class ConverseRequests {
  private final List<SystemContentBlock> system;
  private final List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages;
  private final InferenceConfiguration inference;
  private final Optional<ToolConfiguration> tools;
  private final String modelId;

  private ConverseRequests(
      String modelId,
      List<SystemContentBlock> system,
      List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages,
      InferenceConfiguration inference,
      Optional<ToolConfiguration> tools) {
    this.modelId = modelId;
    this.system = system;
    this.messages = messages;
    this.inference = inference;
    this.tools = tools;
  }

  static ConverseRequests of(ModelCall call) {
    requireNonNull(call, "call");
    ChatRequest request = call.request();
    if (!(request.responseFormat() instanceof ResponseFormat.Text)) {
      throw StrataException.invalid(
          "response_format",
          "Bedrock's Converse API has no JSON mode; ask for JSON in the prompt or use a tool"
              + " with an input schema instead");
    }
    int cachePoints = request.cachePointCount();
    if (cachePoints > ContentBlock.CachePoint.MAX_PER_REQUEST) {
      throw StrataException.invalid(
          "cachePoint",
          "The request has "
              + cachePoints
              + " cache points; at most "
              + ContentBlock.CachePoint.MAX_PER_REQUEST
              + " are allowed.");
    }
    List<SystemContentBlock> system = new ArrayList<>();
    for (ContentBlock block : request.system()) {
      switch (block) {
        case ContentBlock.Text text -> system.add(SystemContentBlock.fromText(text.text()));
        case ContentBlock.CachePoint point ->
            system.add(SystemContentBlock.fromCachePoint(cachePoint(point)));
        default ->
            throw StrataException.invalid(
                "system", "Bedrock accepts only text and cache points in the system prompt");
      }
    }
    List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages = new ArrayList<>();
    for (Message message : request.messages()) {
      messages.add(message(message));
    }
    return new ConverseRequests(
        call.upstreamModel(),
        List.copyOf(system),
        List.copyOf(messages),
        inference(request.inference()),
        request.tools().map(ConverseRequests::tools));
  }

  ConverseRequest converse() {
    ConverseRequest.Builder builder =
        ConverseRequest.builder().modelId(modelId).messages(messages).inferenceConfig(inference);
    if (!system.isEmpty()) {
      builder.system(system);
    }
    tools.ifPresent(builder::toolConfig);
    return builder.build();
  }

  ConverseStreamRequest converseStream() {
    ConverseStreamRequest.Builder builder =
        ConverseStreamRequest.builder()
            .modelId(modelId)
            .messages(messages)
            .inferenceConfig(inference);
    if (!system.isEmpty()) {
      builder.system(system);
    }
    tools.ifPresent(builder::toolConfig);
    return builder.build();
  }

  private static software.amazon.awssdk.services.bedrockruntime.model.Message message(
      Message message) {
    List<software.amazon.awssdk.services.bedrockruntime.model.ContentBlock> content =
        new ArrayList<>();
    for (ContentBlock block : message.content()) {
      content.add(block(block));
    }
    return software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
        .role(message.role() == Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
        .content(content)
        .build();
  }

  private static software.amazon.awssdk.services.bedrockruntime.model.ContentBlock block(
      ContentBlock block) {
    return switch (block) {
      case ContentBlock.Text text ->
          software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromText(text.text());
      case ContentBlock.Image image ->
          software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromImage(image(image));
      case ContentBlock.Document document ->
          software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromDocument(
              DocumentBlock.builder()
                  .format(DocumentFormat.fromValue(document.format().toLowerCase(Locale.ROOT)))
                  .name(document.name())
                  .source(DocumentSource.fromBytes(SdkBytes.fromByteArray(document.data())))
                  .build());
      case ContentBlock.ToolUse use ->
          software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromToolUse(
              ToolUseBlock.builder()
                  .toolUseId(use.id())
                  .name(use.name())
                  .input(JsonDocuments.toDocument(use.input()))
                  .build());
      case ContentBlock.ToolResult result ->
          software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromToolResult(
              toolResult(result));
      case ContentBlock.Json json ->
          software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromText(
              json.value().toString());
      case ContentBlock.CachePoint point ->
          software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromCachePoint(
              cachePoint(point));
    };
  }

  private static ImageBlock image(ContentBlock.Image image) {
    if (!image.isInline()) {
      throw StrataException.invalid(
          "messages", "Bedrock does not fetch images by URL; send the image bytes inline");
    }
    String mediaType = image.mediaType().toLowerCase(Locale.ROOT);
    String format = mediaType.startsWith("image/") ? mediaType.substring(6) : mediaType;
    return ImageBlock.builder()
        .format(ImageFormat.fromValue(format.equals("jpg") ? "jpeg" : format))
        .source(ImageSource.fromBytes(SdkBytes.fromByteArray(image.data())))
        .build();
  }

  private static ToolResultBlock toolResult(ContentBlock.ToolResult result) {
    List<ToolResultContentBlock> content = new ArrayList<>();
    for (ContentBlock part : result.content()) {
      switch (part) {
        case ContentBlock.Text text -> content.add(ToolResultContentBlock.fromText(text.text()));
        case ContentBlock.Json json ->
            content.add(ToolResultContentBlock.fromJson(JsonDocuments.toDocument(json.value())));
        default ->
            throw StrataException.invalid(
                "messages", "a tool result sent to Bedrock may hold only text and JSON");
      }
    }
    return ToolResultBlock.builder()
        .toolUseId(result.toolUseId())
        .content(content)
        .status(result.isError() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS)
        .build();
  }

  private static CachePointBlock cachePoint(ContentBlock.CachePoint point) {
    CachePointBlock.Builder builder = CachePointBlock.builder().type(CachePointType.DEFAULT);
    if (point.ttl() == ContentBlock.CacheTtl.ONE_HOUR) {
      builder.ttl(CacheTTL.VALUE_1_H);
    }
    return builder.build();
  }

  private static InferenceConfiguration inference(InferenceConfig config) {
    InferenceConfiguration.Builder builder = InferenceConfiguration.builder();
    config.maxTokens().ifPresent(builder::maxTokens);
    config.temperature().ifPresent(t -> builder.temperature((float) t));
    config.topP().ifPresent(p -> builder.topP((float) p));
    if (!config.stopSequences().isEmpty()) {
      builder.stopSequences(config.stopSequences());
    }
    return builder.build();
  }

  /** Converse has no "none" choice: the tools are still described and the model decides. */
  private static ToolConfiguration tools(ToolConfig config) {
    List<Tool> tools = new ArrayList<>();
    for (ToolSpec spec : config.tools()) {
      ToolSpecification.Builder builder =
          ToolSpecification.builder()
              .name(spec.name())
              .inputSchema(ToolInputSchema.fromJson(JsonDocuments.toDocument(spec.inputSchema())));
      if (!spec.description().isEmpty()) {
        builder.description(spec.description());
      }
      tools.add(Tool.fromToolSpec(builder.build()));
      spec.cachePointAfter()
          .map(ContentBlock.CachePoint::new)
          .ifPresent(point -> tools.add(Tool.fromCachePoint(cachePoint(point))));
    }
    ToolConfiguration.Builder builder = ToolConfiguration.builder().tools(tools);
    switch (config.choice()) {
      case ToolChoice.Auto auto ->
          builder.toolChoice(
              software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromAuto(
                  AutoToolChoice.builder().build()));
      case ToolChoice.Any any ->
          builder.toolChoice(
              software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromAny(
                  AnyToolChoice.builder().build()));
      case ToolChoice.Named named ->
          builder.toolChoice(
              software.amazon.awssdk.services.bedrockruntime.model.ToolChoice.fromTool(
                  SpecificToolChoice.builder().name(named.name()).build()));
      case ToolChoice.None none -> {}
    }
    return builder.build();
  }
}
