package io.streamserver.monitoring.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamserver.platform.boundary.JaxRsConfiguration;
import jakarta.servlet.annotation.WebServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every endpoint that the WAR's classes declare, found by reflection (JAX-RS resources and servlets alike),
 * must be described in an OpenAPI document; new endpoints are covered without touching this test. And a real
 * response must carry only fields that its operation's schema describes, of the described types, with every
 * required one.
 */
final class OpenApiCoverage {

    private OpenApiCoverage() {
    }

    /** "GET /v1/stream/job/{}" for each resource method; path parameter names are left out. */
    static List<String> jaxRsEndpoints() {
        String root = "/" + strip(JaxRsConfiguration.class.getAnnotation(ApplicationPath.class).value());
        List<String> endpoints = new ArrayList<>();
        for (Class<?> type : classes()) {
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String path = root + "/" + strip(classPath.value())
                        + (methodPath == null || strip(methodPath.value()).isEmpty() ? "" : "/" + strip(methodPath.value()));
                endpoints.add(verb + " " + normalize(path));
            }
        }
        return endpoints;
    }

    /** The URL patterns of the WAR's servlets, such as "/v1/stream/hls/*". */
    static List<String> servletPatterns() {
        List<String> patterns = new ArrayList<>();
        for (Class<?> type : classes()) {
            WebServlet servlet = type.getAnnotation(WebServlet.class);
            if (servlet != null) {
                patterns.addAll(List.of(servlet.urlPatterns()));
                patterns.addAll(List.of(servlet.value()));
            }
        }
        return patterns;
    }

    static void assertCovers(JsonNode paths) {
        TreeSet<String> documented = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(verb -> {
            if (!verb.equals("parameters")) {
                documented.add(verb.toUpperCase(Locale.ROOT) + " " + normalize(path.getKey()));
            }
        }));
        List<String> endpoints = jaxRsEndpoints();
        if (endpoints.isEmpty()) {
            throw new AssertionError("no JAX-RS endpoint found by reflection");
        }
        for (String endpoint : endpoints) {
            if (!documented.contains(endpoint)) {
                throw new AssertionError(endpoint + " is not in the OpenAPI document, which has " + documented);
            }
        }
        String apiRoot = "/" + strip(JaxRsConfiguration.class.getAnnotation(ApplicationPath.class).value()) + "/";
        // servlets under the API's root serve API endpoints; others (such as the error page) are not endpoints
        for (String pattern : servletPatterns().stream().filter(p -> p.startsWith(apiRoot)).toList()) {
            String prefix = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (documented.stream().noneMatch(d -> d.startsWith("GET " + prefix))) {
                throw new AssertionError("the servlet at " + pattern + " is not in the OpenAPI document");
            }
        }
    }

    /**
     * Checks a JSON answer against the schema that the document gives for that operation and status; the
     * problems found, such as a field the contract does not describe, fail with their JSON paths.
     */
    static void assertDescribes(JsonNode document, String verb, String path, int status, JsonNode body) {
        JsonNode schema = document.path("paths").path(path).path(verb.toLowerCase(Locale.ROOT)).path("responses")
                .path(String.valueOf(status));
        if (schema.has("$ref")) {
            schema = resolve(document, schema);
        }
        schema = schema.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            throw new AssertionError("the contract has no JSON schema for " + verb + " " + path + " " + status);
        }
        List<String> problems = new ArrayList<>();
        check(document, schema, body, "$", problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(verb + " " + path + " " + status + " answered what the contract does not describe: "
                    + problems + "\n" + body);
        }
    }

    private static void check(JsonNode document, JsonNode reference, JsonNode value, String where, List<String> problems) {
        JsonNode schema = resolve(document, reference);
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(where + " is null but not nullable");
            }
            return;
        }
        if (schema.has("enum") && StreamSupport.stream(schema.get("enum").spliterator(), false)
                .noneMatch(value::equals)) {
            problems.add(where + " is " + value + ", not one of " + schema.get("enum"));
        }
        switch (schema.path("type").asText("")) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + " is not an object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                value.fields().forEachRemaining(field -> {
                    if (properties.has(field.getKey())) {
                        check(document, properties.get(field.getKey()), field.getValue(), where + "." + field.getKey(), problems);
                    } else if (!schema.path("additionalProperties").asBoolean(false)) {
                        problems.add(where + "." + field.getKey() + " is not in the contract");
                    }
                });
                schema.path("required").forEach(name -> {
                    if (!value.has(name.asText())) {
                        problems.add(where + "." + name.asText() + " is required but missing");
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " is not an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(document, schema.path("items"), value.get(i), where + "[" + i + "]", problems);
                }
            }
            case "string" -> expect(value.isTextual(), where, "a string", problems);
            case "integer" -> expect(value.isIntegralNumber(), where, "an integer", problems);
            case "number" -> expect(value.isNumber(), where, "a number", problems);
            case "boolean" -> expect(value.isBoolean(), where, "a boolean", problems);
            default -> problems.add(where + " has a schema without a type: " + schema);
        }
    }

    private static void expect(boolean holds, String where, String what, List<String> problems) {
        if (!holds) {
            problems.add(where + " is not " + what);
        }
    }

    /** Follows a local $ref such as #/components/schemas/Job. */
    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        while (schema.has("$ref")) {
            JsonNode target = document;
            for (String part : schema.get("$ref").asText().replaceFirst("^#/", "").split("/")) {
                target = target.path(part);
            }
            if (target.isMissingNode()) {
                throw new AssertionError("dangling " + schema.get("$ref"));
            }
            schema = target;
        }
        return schema;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    static String normalize(String path) {
        return path.replaceAll("\\{[^}]*}", "{}").replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** The application's classes, read from the folder that the main classes were compiled to. */
    private static List<Class<?>> classes() {
        try {
            java.nio.file.Path folder = java.nio.file.Path.of(
                    JaxRsConfiguration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<java.nio.file.Path> files = Files.walk(folder.resolve("io/streamserver"))) {
                List<Class<?>> classes = new ArrayList<>();
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = folder.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    classes.add(Class.forName(name, false, OpenApiCoverage.class.getClassLoader()));
                }
                return classes;
            }
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the application's classes", e);
        }
    }
}
