package io.backupgateway.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway's answers promise, read off the records that make them: every member
 * is always sent (Jackson writes nulls), so every record component is {@code required};
 * one whose type is {@link Nullable} may be {@code null}, which OpenAPI 3.1 says with a
 * type list ({@code ["string", "null"]}). Generated clients then type a member as present
 * and say exactly which may be null.
 */
class RecordSchemas implements ModelConverter {

	private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

	@Override
	public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		Class<?> raw = rawClass(type);
		if (resolved == null || raw == null || !raw.isRecord()
				|| !raw.getPackageName().startsWith("io.backupgateway")) {
			return resolved;
		}
		Schema<?> model = resolved;
		if (resolved.get$ref() != null) {
			String name = resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1);
			model = context.getDefinedModels().get(name);
		}
		if (model == null || model.getProperties() == null) {
			return resolved;
		}
		describe(raw, model);
		return resolved;
	}

	private static void describe(Class<?> record, Schema<?> model) {
		Map<String, Schema> properties = model.getProperties();
		List<String> required = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
				continue;
			}
			String name = SNAKE_CASE.translate(component.getName());
			Schema<?> property = properties.get(name);
			if (property == null) {
				continue;
			}
			required.add(name);
			if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
				nullable(property);
			}
		}
		model.setRequired(required);
	}

	/** OpenAPI 3.1: a type list with {@code "null"}, or a reference that may be null. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void nullable(Schema property) {
		if (property.get$ref() != null) {
			Schema reference = new Schema().$ref(property.get$ref());
			property.set$ref(null);
			property.setAnyOf(new ArrayList<>(List.of(reference, new Schema().types(Set.of("null")))));
			return;
		}
		Set<String> types = new LinkedHashSet<>();
		if (property.getTypes() != null) {
			types.addAll(property.getTypes());
		}
		else if (property.getType() != null) {
			types.add(property.getType());
		}
		types.add("null");
		property.setTypes(types);
		// an enumeration lists every value allowed, so null too
		if (property.getEnum() != null && !property.getEnum().contains(null)) {
			List<Object> values = new ArrayList<>(property.getEnum());
			values.add(null);
			property.setEnum(values);
		}
	}

	private static @Nullable Class<?> rawClass(AnnotatedType type) {
		if (type.getType() instanceof Class<?> plain) {
			return plain;
		}
		if (type.getType() instanceof JavaType java) {
			return java.getRawClass();
		}
		try {
			return Json31.mapper().constructType(type.getType()).getRawClass();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
