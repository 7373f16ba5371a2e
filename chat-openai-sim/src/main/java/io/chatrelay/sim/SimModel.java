package io.chatrelay.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated model: replies are a deterministic function of what it saw, so a test can check that turn 2 saw
 * turn 1. A reply reads {@code Turn N: you said "<latest user text>".} followed by filler words up to the reply
 * length; tokens are counted as words.
 */
public final class SimModel {

    private static final String[] FILLER = {"This", "is", "a", "simulated", "answer", "from", "the", "relay", "model."};

    private SimModel() {}

    /** The reply's words (tokens), in order. */
    public static List<String> replyTokens(int userTurns, String latestUserText, int tokens) {
        List<String> words = new ArrayList<>();
        String quoted = latestUserText.length() > 200 ? latestUserText.substring(0, 200) + "…" : latestUserText;
        for (String word : ("Turn " + userTurns + ": you said \"" + quoted + "\".").split(" ")) {
            words.add(word);
        }
        for (int i = 0; words.size() < tokens; i++) {
            words.add(FILLER[i % FILLER.length]);
        }
        List<String> spaced = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            spaced.add(i == 0 ? words.get(i) : " " + words.get(i));
        }
        return spaced;
    }

    /** Token count of a text: its words. */
    public static long tokens(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return text.strip().split("\\s+").length;
    }
}
