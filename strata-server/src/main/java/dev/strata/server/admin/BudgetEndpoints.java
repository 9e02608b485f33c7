package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.KeySecrets;
import dev.strata.core.budget.Budget;
import dev.strata.core.budget.BudgetBook;
import dev.strata.core.budget.BudgetPeriod;
import dev.strata.core.budget.BudgetScope;
import dev.strata.core.budget.BudgetStatus;
import dev.strata.core.budget.Enforcement;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /admin/budgets}: list (with each budget's spend, reservations and forecast), create,
 * read, change ({@code PATCH}, only the fields given) and delete. Changes take effect on the next
 * request. Every route needs the admin key.
 */
public final class BudgetEndpoints {
  static final List<Integer> DEFAULT_ALERTS = List.of(50, 80, 100);

  private static final Set<String> FIELDS =
      Set.of("id", "name", "scope", "period", "limit_usd", "enforcement", "alert_percents");
  private static final Set<String> CHANGEABLE =
      Set.of("name", "scope", "period", "limit_usd", "enforcement", "alert_percents");

  private final AdminApi api;
  private final BudgetBook book;
  private final BlockingEndpoints endpoints;

  public BudgetEndpoints(AdminApi api, BudgetBook book, BlockingEndpoints endpoints) {
    this.api = requireNonNull(api, "api");
    this.book = requireNonNull(book, "book");
    this.endpoints = requireNonNull(endpoints, "endpoints");
  }

  public void mount(Router router) {
    router.get("/admin/budgets").handler(endpoints.withoutBody(admin(this::list)));
    router.post("/admin/budgets").handler(endpoints.withJsonBody(admin(this::create)));
    router.get("/admin/budgets/:id").handler(endpoints.withoutBody(admin(this::read)));
    router.patch("/admin/budgets/:id").handler(endpoints.withJsonBody(admin(this::change)));
    router.delete("/admin/budgets/:id").handler(endpoints.withoutBody(admin(this::delete)));
  }

  private BlockingHandler admin(BlockingHandler handler) {
    return call -> {
      AdminAuth.require(api, call.request());
      handler.handle(call);
    };
  }

  private void list(Call call) {
    List<BudgetStatus> statuses = book.statuses();
    send(
        call,
        200,
        Json.write(
            128 + statuses.size() * 512,
            json -> {
              json.writeStartObject();
              json.writeStringField("object", "list");
              json.writeArrayFieldStart("data");
              for (BudgetStatus status : statuses) {
                BudgetJson.write(json, status);
              }
              json.writeEndArray();
              json.writeEndObject();
            }));
  }

  private void create(Call call) {
    AdminBody body = AdminBody.of(Json.parse(call.body()), FIELDS);
    String id = body.text("id").orElseGet(() -> "bud_" + KeySecrets.randomToken(12).toLowerCase(Locale.ROOT));
    if (book.status(id).isPresent()) {
      throw StrataException.builder(ErrorKind.INVALID_REQUEST, "A budget with the id '" + id + "' exists.")
          .param("id")
          .code("budget_exists")
          .build();
    }
    Budget budget =
        new Budget(
            id,
            body.requiredText("name"),
            BudgetScope.parse(body.requiredText("scope")),
            BudgetPeriod.parse(body.text("period").orElse("monthly")),
            body.usd("limit_usd")
                .orElseThrow(
                    () -> StrataException.invalid("limit_usd", "Missing required parameter: 'limit_usd'.")),
            Enforcement.parse(body.text("enforcement").orElse("hard")),
            body.percents("alert_percents").orElse(DEFAULT_ALERTS));
    book.save(budget);
    sendBudget(call, 201, id);
  }

  private void read(Call call) {
    sendBudget(call, 200, call.pathParam("id"));
  }

  private void change(Call call) {
    String id = call.pathParam("id");
    Budget current = find(id).budget();
    AdminBody body = AdminBody.of(Json.parse(call.body()), CHANGEABLE);
    Budget changed =
        new Budget(
            id,
            body.text("name").orElse(current.name()),
            body.text("scope").map(BudgetScope::parse).orElse(current.scope()),
            body.text("period").map(BudgetPeriod::parse).orElse(current.period()),
            body.usd("limit_usd").orElse(current.limit()),
            body.text("enforcement").map(Enforcement::parse).orElse(current.enforcement()),
            body.percents("alert_percents").orElse(current.alertPercents()));
    book.save(changed);
    sendBudget(call, 200, id);
  }

  private void delete(Call call) {
    String id = call.pathParam("id");
    if (!book.delete(id)) {
      throw notFound(id);
    }
    send(
        call,
        200,
        Json.write(
            64,
            json -> {
              json.writeStartObject();
              json.writeStringField("id", id);
              json.writeStringField("object", "budget");
              json.writeBooleanField("deleted", true);
              json.writeEndObject();
            }));
  }

  private BudgetStatus find(String id) {
    return book.status(id).orElseThrow(() -> notFound(id));
  }

  private void sendBudget(Call call, int status, String id) {
    BudgetStatus budget = find(id);
    send(call, status, Json.write(512, json -> BudgetJson.write(json, budget)));
  }

  private static StrataException notFound(String id) {
    return StrataException.builder(ErrorKind.NOT_FOUND, "No budget has the id '" + id + "'.")
        .param("id")
        .code("budget_not_found")
        .build();
  }

  static void send(Call call, int status, Buffer body) {
    call.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(body);
  }
}
