package dev.strata.server.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads carried by the Vert.x event loop that starts them.
 *
 * <p>A request's handler runs on a virtual thread so that it may block. On the JDK's scheduler that
 * thread is carried by a separate pool of platform threads, and each step between the event loop
 * and the handler wakes another thread: the body read hands the request to the handler, the
 * handler hands its upstream call to the loop, the loop hands the answer back, and the handler
 * hands its response to the loop to write. Carried by the loop that read the request, each of
 * those steps is a task queued on the thread that is already running. The handler still blocks as
 * it likes: a parked virtual thread gives the loop back until it is unparked.
 *
 * <p>A virtual thread that blocks while <em>pinned</em> — inside native code, or in a class
 * initializer — holds its loop for that long. Only endpoints whose handlers block by waiting (for
 * an upstream, a lock, a queue, a pool) belong here; a handler that reads the database at length
 * does not. Two conditions make it safe enough to be the default:
 *
 * <ul>
 *   <li>a JDK of version {@value #MIN_FEATURE_VERSION} or later. Before it (JEP 491), a virtual
 *       thread waiting inside a {@code synchronized} block pinned its carrier, so a handler waiting
 *       there for an answer its own loop delivers would never get it;
 *   <li>access to the JDK's virtual-thread builder that takes a scheduler. The JDK has no public
 *       API for one yet: the builder's package-private constructor is used, which needs {@code
 *       java.lang} opened to Strata ({@code Add-Opens} in the jar's manifest, {@code --add-opens
 *       java.base/java.lang=ALL-UNNAMED} elsewhere).
 * </ul>
 *
 * When either is missing, {@link #load()} says why and callers keep the JDK's scheduler.
 */
public final class EventLoopCarriers {
  /** The first JDK whose virtual threads do not pin their carrier in {@code synchronized}. */
  static final int MIN_FEATURE_VERSION = 24;

  private static final String BUILDER_CLASS = "java.lang.ThreadBuilders$VirtualThreadBuilder";

  private final Constructor<?> builderWithScheduler;
  private final Map<Executor, ThreadFactory> factories = new ConcurrentHashMap<>();

  private EventLoopCarriers(Constructor<?> builderWithScheduler) {
    this.builderWithScheduler = builderWithScheduler;
  }

  /** Why event-loop carriers cannot be used in this JVM, or the carriers. */
  public sealed interface Availability {
    /** Event-loop carriers can be used. */
    record Available(EventLoopCarriers carriers) implements Availability {}

    /** They cannot; {@code reason} says why and what would make them available. */
    record Unavailable(String reason) implements Availability {}
  }

  /** The carriers for this JVM, or why there are none. */
  public static Availability load() {
    return load(Runtime.version());
  }

  static Availability load(Runtime.Version jdk) {
    if (jdk.feature() < MIN_FEATURE_VERSION) {
      return new Availability.Unavailable(
          "JDK "
              + jdk.feature()
              + " pins a virtual thread's carrier while it waits in a synchronized block; "
              + "event-loop carriers need JDK "
              + MIN_FEATURE_VERSION
              + " or later");
    }
    try {
      Constructor<?> constructor =
          Class.forName(BUILDER_CLASS).getDeclaredConstructor(Executor.class);
      constructor.setAccessible(true);
      EventLoopCarriers carriers = new EventLoopCarriers(constructor);
      carriers.factory(Runnable::run); // fails now, not on the first request, if it cannot work
      return new Availability.Available(carriers);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Availability.Unavailable(
          "this JDK's virtual-thread builder cannot be given a scheduler ("
              + e
              + "); run with --add-opens java.base/java.lang=ALL-UNNAMED, as strata.jar's"
              + " manifest asks of java -jar");
    }
  }

  /**
   * A new, unstarted virtual thread running {@code task}, carried by the event loop the caller runs
   * on; empty when the caller is not on a Vert.x event loop.
   */
  Optional<Thread> unstarted(Runnable task) {
    if (!Context.isOnEventLoopThread()
        || !(Vertx.currentContext() instanceof ContextInternal context)) {
      return Optional.empty();
    }
    Executor loop = context.nettyEventLoop();
    return Optional.of(factories.computeIfAbsent(loop, this::factory).newThread(task));
  }

  private ThreadFactory factory(Executor loop) {
    try {
      Thread.Builder.OfVirtual builder =
          (Thread.Builder.OfVirtual) builderWithScheduler.newInstance(loop);
      return builder.name("strata-request-on-loop-", 0).factory();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "the JDK refused a virtual-thread scheduler", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the JDK refused a virtual-thread scheduler", e);
    }
  }
}
