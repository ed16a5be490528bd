package dev.haechi.exercise.run;

import dev.haechi.core.Durations;
import dev.haechi.core.InputException;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertSink;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.KeyStatus;
import dev.haechi.detection.identity.KnownUserIds;
import dev.haechi.detection.rules.LoadFailure;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.exercise.scenario.Inject;
import dev.haechi.exercise.scenario.InjectType;
import dev.haechi.exercise.scenario.Scenario;
import dev.haechi.exercise.scenario.ScenarioReader;
import dev.haechi.identity.model.Person;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a scenario in simulated time. {@link #prepare} reads the world and the rules and refuses bad
 * input before anything runs; {@link Prepared#run} then generates background and attack telemetry
 * from the seed, merges it in time order and feeds it to the production detection engine ({@link
 * IdentityAwareEngine}: the built-in pack plus the scenario's rules, with the identity context
 * Leaver Guard derives from the world's files). Identity and response injects change the world from
 * their moment on (the engine is compiled again with the new context; correlation windows open at
 * that moment start empty). Failure injects go through the simulator and the restoration planner.
 * Single-threaded and deterministic for a seed (except the planner's wall-time limit).
 */
public final class ExerciseRunner {
  /** Actions of normal members: each discloses the member's own data of these categories. */
  static final String[][] MEMBER_ACTIONS = {
    {"profile.view", "/api/v1/members/%s/profile", "name,email,phone"},
    {"order.list", "/api/v1/members/%s/orders", "order_history"},
    {"address.list", "/api/v1/members/%s/addresses", "name,phone,address"},
    {"payment.list", "/api/v1/members/%s/payment-methods", "payment"}
  };

  private ExerciseRunner() {}

  /** Reads the world and the rules and checks the scenario against them; nothing runs yet. */
  public static Prepared prepare(Scenario s) {
    World world = World.load(s);
    world.check(s);
    RuleSet rules = BuiltinRules.load();
    if (!s.rules().isEmpty()) {
      RuleSet extra = RuleLoader.load(s.rules());
      if (!extra.report().failures().isEmpty()) {
        LoadFailure f = extra.report().failures().get(0);
        throw new InputException(
            s.source(), 0, "spec.rules: " + f + " (" + extra.report().failures().size() + " bad)");
      }
      rules = BuiltinRules.merge(rules, extra);
    }
    return new Prepared(s, world, rules);
  }

  /** Reads, checks and runs. */
  public static ExerciseResult run(Scenario s, ExerciseListener listener) {
    return prepare(s).run(listener);
  }

  /** A scenario whose world and rules are read and checked. */
  public static final class Prepared {
    private final Scenario s;
    private final World world;
    private final RuleSet rules;

    Prepared(Scenario s, World world, RuleSet rules) {
      this.s = s;
      this.world = world;
      this.rules = rules;
    }

    public Scenario scenario() {
      return s;
    }

    /**
     * Runs the scenario: on two threads when the machine has more than one processor (telemetry and
     * the engine's per-event stage ahead of the ordered stage), with the same result.
     */
    public ExerciseResult run(ExerciseListener listener) {
      return run(listener, Runtime.getRuntime().availableProcessors() > 1);
    }

    /** As {@link #run(ExerciseListener)}, on two threads or on the caller's thread only. */
    public ExerciseResult run(ExerciseListener listener, boolean pipelined) {
      return new Run(s, world, rules, listener, pipelined).execute();
    }
  }

  /** Per inject, what the run saw. */
  static final class State {
    final Inject inj;
    final int index;
    Instant firstEvent;
    long events;
    long refused;
    final Map<String, RuleFiring> rules = new LinkedHashMap<>();
    final Set<String> unusual = new LinkedHashSet<>();
    final Map<String, Long> perPrincipal = new HashMap<>();
    Instant lastEvent;
    InjectResult done;

    State(Inject inj, int index) {
      this.inj = inj;
      this.index = index;
    }
  }

  /** One event of the merged stream. */
  record SimEvent(long millis, long seq, ObjectNode node, State owner, boolean refused) {}

  private static final class Run {
    final Scenario s;
    final World world;
    final RuleSet rules;
    final ExerciseListener listener;
    final long startMillis;
    final long endMillis;
    final List<State> states = new ArrayList<>();
    final Map<JsonNode, State> owners = new IdentityHashMap<>();
    final List<TimelineEntry> timeline = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Map<String, Instant> terminated = new HashMap<>();
    final Map<String, KeyStatus> keyOverrides = new HashMap<>();
    final Map<String, Long> rotatedAt = new HashMap<>();
    final Map<String, String> rotatedTo = new HashMap<>();
    final Map<String, Long> falsePositives = new TreeMap<>();

    /** Read by the telemetry thread of a pipelined run (which prepares events with it). */
    volatile DetectionEngine engine;

    final boolean pipelined;
    final AlertSink sink = this::alert;
    List<State> changes = List.of();
    int ci;
    long fed;
    long progressEvery;
    int builds;
    long alerts;
    long backgroundEvents;
    long attackEvents;
    long nowMillis;
    Restoration restoration;

    /** The kid background tokens carry before any rotation. */
    final String baseKid;

    Run(Scenario s, World world, RuleSet rules, ExerciseListener listener, boolean pipelined) {
      this.s = s;
      this.pipelined = pipelined;
      this.world = world;
      this.baseKid = s.background().kid() != null ? s.background().kid() : world.activeKid();
      this.rules = rules;
      this.listener = listener == null ? ExerciseListener.NONE : listener;
      this.startMillis = s.start().toEpochMilli();
      this.endMillis = s.end().toEpochMilli();
      for (int i = 0; i < s.injects().size(); i++) {
        states.add(new State(s.injects().get(i), i));
      }
    }

    ExerciseResult execute() {
      long t0 = System.nanoTime();
      // rotations are known in advance: the gateway refuses a rotated kid from that moment on
      for (State st : states) {
        if (st.inj.type() == InjectType.ROTATE_KEY) {
          String kid = st.inj.string("kid");
          rotatedAt.merge(kid, at(st), Math::min);
          rotatedTo.putIfAbsent(
              kid, st.inj.string("new-kid") != null ? st.inj.string("new-kid") : kid + "-rotated");
        }
      }
      List<SimEvent> attack = new ArrayList<>();
      for (State st : states) {
        attack.addAll(attackEvents(st));
      }
      attack.sort(Comparator.comparingLong(SimEvent::millis).thenComparingLong(SimEvent::seq));
      attackEvents = attack.size();
      for (SimEvent e : attack) {
        owners.put(e.node(), e.owner());
      }
      List<State> changes = new ArrayList<>();
      for (State st : states) {
        if (st.inj.type().category() != InjectType.Category.ATTACK) {
          changes.add(st);
        }
      }
      changes.sort(Comparator.comparingLong(this::at).thenComparingInt(st -> st.index));
      if (world.initialContext() != null) {
        compile(world.initialContext());
      }
      Merged merged = new Merged(attack, new Background());
      this.changes = changes;
      long totalExpected = Math.max(1, merged.bg.expected() + attack.size());
      progressEvery = Math.max(10_000, totalExpected / 100);
      if (pipelined) {
        runPipelined(merged);
      } else {
        SimEvent next;
        while ((next = merged.next()) != null) {
          step(next, null, null);
        }
      }
      while (ci < changes.size()) {
        apply(changes.get(ci++));
      }
      listener.progress(Instant.ofEpochMilli(endMillis), 1.0, fed, alerts);
      List<InjectResult> results = new ArrayList<>();
      for (State st : states) {
        results.add(st.done != null ? st.done : Judge.attack(st, s, world, this::backgroundKidAt));
      }
      timeline.sort(Comparator.comparing(TimelineEntry::at));
      return Scoring.score(
          s,
          results,
          backgroundEvents,
          attackEvents,
          alerts,
          falsePositives,
          builds,
          Duration.ofNanos(System.nanoTime() - t0),
          timeline,
          notes);
    }

    long at(State st) {
      return startMillis + st.inj.at().toMillis();
    }

    void compile(IdentityContext ctx) {
      engine = IdentityAwareEngine.compile(rules, List.of(), ctx);
      builds++;
      if (builds == 1 && !engine.failures().isEmpty()) {
        notes.add(
            engine.failures().size() + " rule(s) did not compile: " + engine.failures().get(0));
      }
    }

    /**
     * One event of the merged stream, in order: the world changes due before it, then the event
     * itself, {@code prepared} by {@code preparedBy} on the telemetry thread (null: not prepared).
     */
    void step(SimEvent next, DetectionEngine.Prepared prepared, DetectionEngine preparedBy) {
      while (ci < changes.size() && at(changes.get(ci)) <= next.millis()) {
        apply(changes.get(ci++));
      }
      nowMillis = next.millis();
      feed(next, prepared, preparedBy);
      if (next.owner() == null) {
        backgroundEvents++;
      }
      if (++fed % progressEvery == 0) {
        listener.progress(
            Instant.ofEpochMilli(nowMillis),
            (nowMillis - startMillis) / (double) (endMillis - startMillis),
            fed,
            alerts);
      }
    }

    /** Events per hand-over from the telemetry thread to the detection thread. */
    static final int BATCH = 256;

    /** Hand-overs in flight at most. */
    static final int BATCHES_IN_FLIGHT = 8;

    /** Events generated and prepared on the telemetry thread, in stream order. */
    static final class Batch {
      final SimEvent[] events = new SimEvent[BATCH];
      final DetectionEngine.Prepared[] prepared = new DetectionEngine.Prepared[BATCH];
      DetectionEngine preparedBy;
      int size;
      boolean last;
      Throwable failure;
    }

    /**
     * Two threads: this one completes events in stream order (the engine's ordered stage, world
     * changes, attribution, progress), a telemetry thread generates the merged stream and runs the
     * engine's thread-safe stage ({@link DetectionEngine#prepare}) ahead of it. An event prepared
     * by an engine that a world change has since replaced is prepared again here, so the alerts are
     * exactly those of the one-thread run ({@code PipelinedRunTest}).
     */
    private void runPipelined(Merged merged) {
      java.util.concurrent.BlockingQueue<Batch> queue =
          new java.util.concurrent.ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
      java.util.concurrent.atomic.AtomicBoolean cancelled =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread producer =
          new Thread(
              () -> {
                try {
                  boolean end = false;
                  while (!end && !cancelled.get()) {
                    Batch b = new Batch();
                    DetectionEngine e = engine;
                    b.preparedBy = e;
                    SimEvent ev = null;
                    while (b.size < BATCH && (ev = merged.next()) != null) {
                      b.events[b.size] = ev;
                      b.prepared[b.size] = e == null ? null : e.prepare(ev.node());
                      b.size++;
                    }
                    end = ev == null;
                    b.last = end;
                    hand(queue, b, cancelled);
                  }
                } catch (Throwable t) {
                  Batch b = new Batch();
                  b.last = true;
                  b.failure = t;
                  hand(queue, b, cancelled);
                }
              },
              "exercise-telemetry");
      producer.setDaemon(true);
      producer.start();
      try {
        while (true) {
          Batch b = queue.take();
          if (b.failure != null) {
            if (b.failure instanceof RuntimeException r) {
              throw r;
            }
            if (b.failure instanceof Error err) {
              throw err;
            }
            throw new IllegalStateException(b.failure);
          }
          for (int i = 0; i < b.size; i++) {
            step(b.events[i], b.prepared[i], b.preparedBy);
          }
          if (b.last) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("exercise run interrupted", e);
      } finally {
        cancelled.set(true);
        queue.clear(); // a producer waiting to hand over sees the room and the cancellation
      }
    }

    private static void hand(
        java.util.concurrent.BlockingQueue<Batch> queue,
        Batch b,
        java.util.concurrent.atomic.AtomicBoolean cancelled) {
      try {
        while (!cancelled.get()) {
          if (queue.offer(b, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The attack events (sorted) and the background, merged in time order. */
    final class Merged {
      final List<SimEvent> attack;
      final Background bg;
      int ai;
      SimEvent nextBg;

      Merged(List<SimEvent> attack, Background bg) {
        this.attack = attack;
        this.bg = bg;
        this.nextBg = bg.next();
      }

      /** The next event, or null at the end. */
      SimEvent next() {
        SimEvent a = ai < attack.size() ? attack.get(ai) : null;
        if (a == null && nextBg == null) {
          return null;
        }
        if (nextBg == null || (a != null && a.millis() <= nextBg.millis())) {
          ai++;
          return a;
        }
        SimEvent b = nextBg;
        nextBg = bg.next();
        return b;
      }
    }

    void feed(SimEvent e, DetectionEngine.Prepared prepared, DetectionEngine preparedBy) {
      DetectionEngine current = engine;
      if (current == null) {
        return;
      }
      State owner = e.owner();
      if (owner != null) {
        Instant t = Instant.ofEpochMilli(e.millis());
        if (owner.firstEvent == null) {
          owner.firstEvent = t;
          event(
              t,
              "inject",
              owner.inj.id(),
              "first event of " + owner.inj.id() + " (" + owner.inj.type().label() + ")");
        }
        owner.lastEvent = t;
        owner.events++;
        if (e.refused()) {
          owner.refused++;
        }
      }
      DetectionEngine.Prepared p =
          prepared != null && preparedBy == current ? prepared : current.prepare(e.node());
      current.complete(p, sink); // as current.evaluate(e.node(), sink)
    }

    void alert(Alert a) {
      alerts++;
      Instant t = Instant.ofEpochMilli(nowMillis);
      Set<State> hit = new LinkedHashSet<>();
      if (a.event() != null) {
        State o = owners.get(a.event());
        if (o != null) {
          hit.add(o);
        }
      }
      for (JsonNode ev : a.events()) {
        State o = owners.get(ev);
        if (o != null) {
          hit.add(o);
        }
      }
      if (hit.isEmpty()) {
        falsePositives.merge(a.ruleId() + " " + a.ruleTitle(), 1L, Long::sum);
        return;
      }
      for (State o : hit) {
        RuleFiring prev = o.rules.get(a.ruleId());
        if (prev == null) {
          o.rules.put(a.ruleId(), new RuleFiring(a.ruleId(), a.ruleTitle(), a.level(), t, 1));
          event(t, "alert", o.inj.id(), a.ruleTitle() + " (" + a.level() + ") on " + o.inj.id());
        } else {
          o.rules.put(
              a.ruleId(),
              new RuleFiring(
                  prev.ruleId(), prev.title(), prev.level(), prev.first(), prev.alerts() + 1));
        }
      }
    }

    void event(Instant t, String kind, String inject, String text) {
      timeline.add(new TimelineEntry(t, kind, inject, text));
      listener.timeline(t, kind, text);
    }

    /** A non-attack inject at its moment. */
    void apply(State st) {
      Inject inj = st.inj;
      Instant t = Instant.ofEpochMilli(at(st));
      switch (inj.type()) {
        case TERMINATE -> {
          Person p = world.person(inj.string("person"));
          terminated.put(p.employeeId(), t);
          recompile(t);
          String who = p.employeeId() + (p.username() != null ? " (" + p.username() + ")" : "");
          st.done =
              worldChange(
                  st,
                  t,
                  who
                      + " leaves: from now on the identity context has them terminated, and keys they held are custodian-left unless rotated later");
          event(t, "world", inj.id(), who + " leaves");
        }
        case ROTATE_KEY -> {
          String kid = inj.string("kid");
          String to = rotatedTo.get(kid);
          keyOverrides.put(kid, KeyStatus.RETIRED);
          keyOverrides.put(to, KeyStatus.ACTIVE);
          recompile(t);
          st.done =
              worldChange(
                  st,
                  t,
                  "key "
                      + kid
                      + " rotated to "
                      + to
                      + ": the gateway refuses tokens signed with "
                      + kid
                      + " from now on");
          event(t, "world", inj.id(), "key " + kid + " rotated to " + to);
        }
        default -> {
          if (restoration == null) {
            restoration = new Restoration(world.catalog());
          }
          event(
              t,
              "failure",
              inj.id(),
              inj.type().label()
                  + " ("
                  + (inj.string("zone") != null
                      ? "zone " + inj.string("zone")
                      : "asset " + inj.string("asset"))
                  + ")");
          InjectResult r =
              restoration.apply(inj, t, s.plannerTimeLimit(), Restoration.day(s.start()));
          st.done = r;
          st.firstEvent = t;
          event(
              t, "failure", inj.id(), r.why() + (r.planNote() != null ? "; " + r.planNote() : ""));
          if (r.grade1RestoredAfter() != null && r.stopped() != null && r.stopped() > 0) {
            event(
                t.plus(r.grade1RestoredAfter()),
                "failure",
                inj.id(),
                "grade 1 back by the plan (" + inj.id() + ")");
          }
        }
      }
    }

    InjectResult worldChange(State st, Instant t, String why) {
      st.firstEvent = t;
      return new InjectResult(
          st.inj, null, t, null, null, null, 0, 0, List.of(), why, null, null, null, null, null,
          null, null, null);
    }

    void recompile(Instant t) {
      compile(world.context(World.date(t), terminated, keyOverrides));
    }

    /** The kid background tokens carry at a time. */
    String backgroundKidAt(long millis) {
      String kid = baseKid;
      Long r = kid == null ? null : rotatedAt.get(kid);
      return r != null && millis >= r ? rotatedTo.get(kid) : kid;
    }

    /** Whether the gateway accepts a token signed with {@code kid} at a time. */
    boolean accepts(String kid, long millis) {
      for (Map.Entry<String, String> e : rotatedTo.entrySet()) {
        if (e.getValue().equals(kid) && millis >= rotatedAt.get(e.getKey())) {
          return true;
        }
      }
      Long r = rotatedAt.get(kid);
      if (r != null && millis >= r) {
        return false;
      }
      KeyStatus st = world.initialContext().keyStatus(kid, null);
      return st == KeyStatus.ACTIVE || st == KeyStatus.CUSTODIAN_LEFT;
    }

    // --- telemetry ---

    List<SimEvent> attackEvents(State st) {
      Inject inj = st.inj;
      if (inj.type().category() != InjectType.Category.ATTACK) {
        return List.of();
      }
      SplittableRandom rnd = new SplittableRandom(s.seed() * 1_000_003L + inj.id().hashCode());
      long t0 = at(st);
      long count =
          inj.type() == InjectType.VAULT_EXPORT
              ? 1
              : inj.number("count", ScenarioReader.defaultCount(inj.type()));
      long every = inj.duration("every", Duration.ofSeconds(10)).toMillis();
      List<String> countries = inj.strings("countries", List.of("CN"));
      List<SimEvent> out = new ArrayList<>();
      List<KnownUserIds.Range> ranges = world.memberRanges();
      long seq = ((long) st.index + 1) << 40;
      switch (inj.type()) {
        case FORGED_TOKEN_REQUESTS -> {
          String kid = inj.string("kid");
          double share = inj.fraction("nonexistent-share", 0);
          String fixedSub = inj.string("sub");
          String action = inj.string("action") != null ? inj.string("action") : "address.list";
          String[] shape = shape(action);
          for (long k = 0; k < count; k++) {
            long m = t0 + k * every;
            String country = countries.get((int) (k % countries.size()));
            String ip = inj.string("ip") != null ? inj.string("ip") : attackerIp(country, st.index);
            String sub;
            boolean exists;
            if (fixedSub != null) {
              sub = fixedSub;
              exists = world.members().contains(sub) || world.person(sub) != null;
            } else if (share > 0 && rnd.nextDouble() < share) {
              sub = Long.toString(nonexistent(ranges, rnd));
              exists = false;
            } else {
              sub = Long.toString(member(ranges, rnd));
              exists = true;
            }
            out.add(request(st, m, seq++, shape, action, sub, sub, exists, kid, ip, country));
          }
        }
        case ENUMERATION -> {
          String kid = inj.string("kid");
          KnownUserIds.Range r0 = ranges.get(0);
          long from =
              inj.with().containsKey("from")
                  ? inj.number("from", 0)
                  : r0.first() + rnd.nextLong(Math.max(1, r0.count()));
          String country = countries.get(0);
          String ip = inj.string("ip") != null ? inj.string("ip") : attackerIp(country, st.index);
          String[] shape = shape("address.list");
          for (long k = 0; k < count; k++) {
            long m = t0 + k * every;
            String victim = Long.toString(from + k);
            boolean exists = world.members().contains(victim);
            String sub = inj.string("sub") != null ? inj.string("sub") : victim;
            out.add(
                request(
                    st, m, seq++, shape, "address.list", sub, victim, exists, kid, ip, country));
          }
        }
        case BULK_DISCLOSURE -> {
          String principal = inj.string("principal");
          Person p = world.person(principal);
          String userId =
              p != null ? (p.username() != null ? p.username() : p.employeeId()) : principal;
          String kid = inj.string("kid") != null ? inj.string("kid") : backgroundKidAt(t0);
          long per = inj.number("per-request", 20);
          List<String> cs = inj.strings("countries", List.of(s.background().countries().get(0)));
          for (long k = 0; k < count; k++) {
            long m = t0 + k * every;
            String country = cs.get((int) (k % cs.size()));
            String ip =
                inj.string("ip") != null ? inj.string("ip") : "10.20." + (st.index % 250) + ".7";
            List<String> subjects = new ArrayList<>();
            for (int j = 0; j < per; j++) {
              subjects.add(Long.toString(member(ranges, rnd)));
            }
            boolean ok = kid != null && accepts(kid, m);
            ObjectNode node =
                Telemetry.gateway(
                    m,
                    "member.search",
                    "/api/v1/backoffice/members",
                    ok ? 200 : 401,
                    userId,
                    ip,
                    country,
                    kid,
                    userId,
                    subjects,
                    List.of("name", "phone", "address"));
            st.perPrincipal.merge(userId, 1L, Long::sum);
            st.unusual.add(
                "one principal ("
                    + userId
                    + ") read "
                    + per
                    + " members' data per request through the back office");
            unusualCountry(st, country);
            unusualKid(st, kid, m);
            out.add(new SimEvent(m, seq++, node, st, !ok));
          }
        }
        case VAULT_EXPORT -> {
          Person p = world.person(inj.string("person"));
          String user = p.username() != null ? p.username() : p.employeeId();
          String ip =
              inj.string("ip") != null ? inj.string("ip") : "10.30.1." + (10 + st.index % 200);
          ObjectNode node = Telemetry.vault(t0, user, p.email(), inj.string("path"), ip);
          st.unusual.add(
              "the Vault audit log recorded "
                  + user
                  + " reading "
                  + inj.string("path")
                  + (inj.string("path").contains("/export/")
                      ? " (an export copies the key material out)"
                      : ""));
          out.add(new SimEvent(t0, seq, node, st, false));
        }
        default -> {}
      }
      return out;
    }

    private SimEvent request(
        State st,
        long m,
        long seq,
        String[] shape,
        String action,
        String sub,
        String victim,
        boolean exists,
        String kid,
        String ip,
        String country) {
      boolean ok = accepts(kid, m);
      int status = !ok ? 401 : exists ? 200 : 404;
      List<String> subjects = status == 200 ? List.of(victim) : List.of();
      ObjectNode node =
          Telemetry.gateway(
              m,
              action,
              String.format(shape[1], victim),
              status,
              sub,
              ip,
              country,
              kid,
              sub,
              subjects,
              List.of(shape[2].split(",")));
      st.perPrincipal.merge(sub, 1L, Long::sum);
      unusualKid(st, kid, m);
      unusualCountry(st, country);
      if (!exists) {
        st.unusual.add("tokens for member IDs that do not exist");
      }
      if (!sub.equals(victim)) {
        st.unusual.add("one token (sub " + sub + ") reading other members' data");
      }
      if (!isMemberAction(action)) {
        st.unusual.add("an action (" + action + ") members never make");
      }
      return new SimEvent(m, seq, node, st, !ok);
    }

    private void unusualKid(State st, String kid, long m) {
      String bgKid = backgroundKidAt(m);
      if (kid != null && !kid.equals(bgKid)) {
        st.unusual.add(
            "tokens signed with "
                + kid
                + ", a key normal traffic does not use (it uses "
                + bgKid
                + ")");
      }
    }

    private void unusualCountry(State st, String country) {
      if (!s.background().countries().contains(country)) {
        st.unusual.add(
            "requests from "
                + country
                + ", where normal traffic never comes from ("
                + String.join(", ", s.background().countries())
                + ")");
      }
    }

    /** The benign gateway traffic, generated lazily in time order. */
    final class Background {
      final SplittableRandom rnd = new SplittableRandom(s.seed());
      final double perMilli = s.background().ratePerSecond() / 1000.0;
      final List<KnownUserIds.Range> ranges = world.memberRanges();
      final List<String> countries = s.background().countries();
      final Telemetry.MemberRequests requests =
          new Telemetry.MemberRequests(MEMBER_ACTIONS, ExerciseRunner::memberIp, this::country);
      final long memberTotal = total(ranges);
      double t = startMillis;
      long seq;

      /** A member's country: fixed per member, spread over the background's countries. */
      String country(long id) {
        int h = Long.hashCode(id * 0x9E3779B97F4A7C15L);
        return countries.get(Math.floorMod(h, countries.size()));
      }

      long expected() {
        return (long) (perMilli * (endMillis - startMillis));
      }

      SimEvent next() {
        if (perMilli <= 0) {
          return null;
        }
        t += -Math.log(1 - rnd.nextDouble()) / perMilli;
        long m = (long) t;
        if (m >= endMillis) {
          return null;
        }
        long id = member(ranges, memberTotal, rnd);
        int a = rnd.nextInt(MEMBER_ACTIONS.length);
        ObjectNode node = requests.event(m, a, id, backgroundKidAt(m));
        return new SimEvent(m, seq++, node, null, false);
      }
    }
  }

  static String[] shape(String action) {
    for (String[] a : MEMBER_ACTIONS) {
      if (a[0].equals(action)) {
        return a;
      }
    }
    return new String[] {action, "/api/v1/members/%s/" + action.replace('.', '/'), "name"};
  }

  static boolean isMemberAction(String action) {
    for (String[] a : MEMBER_ACTIONS) {
      if (a[0].equals(action)) {
        return true;
      }
    }
    return false;
  }

  static long member(List<KnownUserIds.Range> ranges, SplittableRandom rnd) {
    return member(ranges, total(ranges), rnd);
  }

  static long total(List<KnownUserIds.Range> ranges) {
    long total = 0;
    for (KnownUserIds.Range r : ranges) {
      total += r.count();
    }
    return total;
  }

  /** A random member, {@code total} being {@link #total}{@code (ranges)}. */
  static long member(List<KnownUserIds.Range> ranges, long total, SplittableRandom rnd) {
    long k = rnd.nextLong(Math.max(1, total));
    for (KnownUserIds.Range r : ranges) {
      if (k < r.count()) {
        return r.first() + k;
      }
      k -= r.count();
    }
    return ranges.get(0).first();
  }

  /** An ID just past the largest range: a member ID nobody was given. */
  static long nonexistent(List<KnownUserIds.Range> ranges, SplittableRandom rnd) {
    long max = 0;
    for (KnownUserIds.Range r : ranges) {
      max = Math.max(max, r.first() + r.count());
    }
    return max + 1 + rnd.nextLong(1_000_000);
  }

  static String memberIp(long id) {
    return "211." + ((id >>> 16) & 0xFF) + "." + ((id >>> 8) & 0xFF) + "." + (id & 0xFF);
  }

  static String attackerIp(String country, int index) {
    int c = Math.floorMod(country.hashCode(), 200);
    return "203.0." + (113 + index % 2) + "." + (10 + c % 240);
  }

  static String fmt(Duration d) {
    long seconds = d.getSeconds();
    return seconds == 0 ? "0s" : Durations.format(Duration.ofSeconds(seconds));
  }
}
