package io.chatrelay.sim.assistants;

import io.chatrelay.sim.assistants.wire.AssistantObject;
import io.chatrelay.sim.http.ApiError;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The assistants, threads and runs the simulator holds, found by id with OpenAI's errors when they are not there. */
final class Store {

    private final Map<String, AssistantObject> assistants = new ConcurrentHashMap<>();
    private final Map<String, SimThread> threads = new ConcurrentHashMap<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    void reset() {
        assistants.clear();
        threads.clear();
        runs.clear();
    }

    void add(AssistantObject assistant) {
        assistants.put(assistant.id(), assistant);
    }

    void add(SimThread thread) {
        threads.put(thread.id, thread);
    }

    void add(Run run) {
        runs.put(run.id, run);
    }

    AssistantObject assistant(String id) {
        AssistantObject assistant = assistants.get(id);
        if (assistant == null) {
            throw ApiError.notFound("No assistant found with id '" + id + "'.").toException();
        }
        return assistant;
    }

    SimThread thread(String id) {
        if (!id.startsWith("thread")) {
            throw ApiError.invalid(
                            "Invalid 'thread_id': '" + id + "'. Expected an ID that begins with 'thread'.",
                            "thread_id",
                            "invalid_value")
                    .toException();
        }
        SimThread thread = threads.get(id);
        if (thread == null) {
            throw ApiError.notFound("No thread found with id '" + id + "'.").toException();
        }
        return thread;
    }

    Run run(SimThread thread, String runId) {
        Run run = runs.get(runId);
        if (run == null || run.thread != thread) {
            throw ApiError.notFound("No run found with id '" + runId + "'.").toException();
        }
        return run;
    }

    /** The runs of {@code thread}, oldest first. */
    List<Run> runs(SimThread thread) {
        return runs.values().stream()
                .filter(run -> run.thread == thread)
                .sorted(Comparator.comparingLong((Run run) -> run.order))
                .toList();
    }
}
