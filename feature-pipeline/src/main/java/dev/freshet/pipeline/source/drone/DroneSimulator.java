package dev.freshet.pipeline.source.drone;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulated drone-delivery shops, busy or not busy, hour by hour (opening hours 8:00 to 21:00). A shop's
 * type and location and the time decide whether it is busy; the rules change at the drift time (from week 2
 * by default): fast-food and café peaks swap and the city centre stops mattering. The hour's average
 * delivery time, distance and rating are known only when the hour ends, with the label; three noise
 * features carry nothing. Classes come out near balanced. Deterministic for a seed.
 */
public final class DroneSimulator {

    /** Shop types, one-hot encoded as features. */
    static final String[] TYPES = {"fast_food", "cafe", "restaurant"};
    public static final String BUSY = "busy";
    public static final String NOT_BUSY = "not_busy";
    private static final int OPENS = 8;
    private static final int CLOSES = 21;
    private static final double LABEL_NOISE = 0.05;

    /**
     * The drone feature set: what exists at prediction time, and what only at the end of the hour. The hour and the
     * weekday are categories (the rules are per hour interval, not along a line); a shop's type is three one-hot
     * features grouped as {@code shop_type}, and the rules are shop type by hour, the cross a linear model learns.
     * Version 2: version 1 declared neither encodings nor the cross.
     */
    public static final FeatureSet FEATURE_SET = new FeatureSet("drone", 2, "shop_id", List.of(
            new FeatureSpec("type_fast_food", true), new FeatureSpec("type_cafe", true),
            new FeatureSpec("type_restaurant", true), new FeatureSpec("location_x", true),
            new FeatureSpec("location_y", true), FeatureSpec.categorical("weekday", true, 1, 7),
            FeatureSpec.categorical("hour", true, 0, 23),
            new FeatureSpec("avg_delivery_minutes", false), new FeatureSpec("avg_distance_km", false),
            new FeatureSpec("avg_rating", false), new FeatureSpec("noise_1", true), new FeatureSpec("noise_2", true),
            new FeatureSpec("noise_3", true)), List.of(BUSY, NOT_BUSY),
            Map.of("shop_type", List.of("type_fast_food", "type_cafe", "type_restaurant")), List.of("shop_type*hour"));

    private record Shop(String id, int type, double x, double y, double rating) {}

    private final long seed;
    private final List<Shop> shops = new ArrayList<>();
    private final Instant driftAt;

    /**
     * @param seed    everything random follows from it
     * @param shops   number of shops
     * @param driftAt when the busy rules change
     */
    public DroneSimulator(long seed, int shops, Instant driftAt) {
        if (shops < 1) {
            throw new IllegalArgumentException("at least one shop, not " + shops);
        }
        this.seed = seed;
        this.driftAt = driftAt;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < shops; i++) {
            this.shops.add(new Shop("shop-" + i, random.nextInt(TYPES.length), random.nextDouble(), random.nextDouble(),
                    3.5 + random.nextDouble() * 1.5));
        }
    }

    /** True when the simulated shops are open during the hour starting at {@code hourStart}. */
    public static boolean open(Instant hourStart) {
        int hour = hourStart.atZone(ZoneOffset.UTC).getHour();
        return hour >= OPENS && hour <= CLOSES;
    }

    /** The observations of every shop for the hour starting at {@code hourStart} (empty when closed). */
    public List<Observation> hour(Instant hourStart) {
        if (!open(hourStart)) {
            return List.of();
        }
        ZonedDateTime time = hourStart.atZone(ZoneOffset.UTC);
        int hour = time.getHour();
        int weekday = time.getDayOfWeek().getValue(); // 1 Monday .. 7 Sunday
        boolean drifted = !hourStart.isBefore(driftAt);
        SplittableRandom random = new SplittableRandom(seed ^ hourStart.getEpochSecond() * 0x9E3779B97F4A7C15L);
        Instant labelTime = hourStart.plus(Duration.ofHours(1));
        List<Observation> out = new ArrayList<>(shops.size());
        for (Shop shop : shops) {
            boolean busy = busy(shop, hour, weekday, drifted);
            if (random.nextDouble() < LABEL_NOISE) {
                busy = !busy;
            }
            Map<String, Double> known = new LinkedHashMap<>();
            for (int t = 0; t < TYPES.length; t++) {
                known.put("type_" + TYPES[t], shop.type() == t ? 1.0 : 0.0);
            }
            known.put("location_x", shop.x());
            known.put("location_y", shop.y());
            known.put("weekday", (double) weekday);
            known.put("hour", (double) hour);
            known.put("noise_1", random.nextGaussian());
            known.put("noise_2", random.nextDouble() * 100);
            known.put("noise_3", (double) random.nextInt(5));
            Map<String, Double> all = new LinkedHashMap<>(known);
            all.put("avg_delivery_minutes", round((busy ? 38 : 24) + random.nextGaussian() * 5));
            all.put("avg_distance_km", round(1 + Math.hypot(shop.x() - 0.5, shop.y() - 0.5) * 6 + random.nextGaussian() * 0.3));
            all.put("avg_rating", round(Math.min(5, shop.rating() - (busy ? 0.4 : 0) + random.nextGaussian() * 0.2)));
            // Features arrive during the hour, the label when it ends.
            Instant eventTime = hourStart.plusSeconds(random.nextInt(600));
            String eventId = shop.id() + "@" + hourStart;
            String label = busy ? BUSY : NOT_BUSY;
            out.add(new Observation(
                    new FeatureVectorMessage(eventId, FEATURE_SET.name(), FEATURE_SET.version(), shop.id(), eventTime, known),
                    new LabelledExampleMessage(eventId, FEATURE_SET.name(), FEATURE_SET.version(), shop.id(), eventTime,
                            labelTime, all, label)));
        }
        return out;
    }

    private static boolean busy(Shop shop, int hour, int weekday, boolean drifted) {
        boolean central = Math.hypot(shop.x() - 0.5, shop.y() - 0.5) < 0.3;
        String type = TYPES[shop.type()];
        if (!drifted) {
            return switch (type) {
                case "fast_food" -> hour >= 11 && hour <= 14 || hour >= 18 && hour <= 20;
                case "cafe" -> hour <= 10 || hour >= 15 && hour <= 16;
                default -> hour >= 19 || hour >= 12 && hour <= 13;
            } || central && weekday <= 5 && hour >= 12 && hour <= 13;
        }
        // From the drift on: fast food and cafés swap peaks; restaurants lose the evening but for weekends.
        return switch (type) {
            case "fast_food" -> hour <= 10 || hour >= 15 && hour <= 16;
            case "cafe" -> hour >= 11 && hour <= 14 || hour >= 18 && hour <= 20;
            default -> hour >= 12 && hour <= 14 || weekday >= 5 && hour >= 17;
        };
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
