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

/**
 * Every endpoint that the WAR's classes declare, found by reflection (JAX-RS resources and servlets alike),
 * must be described in an OpenAPI document; new endpoints are covered without touching this test.
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
