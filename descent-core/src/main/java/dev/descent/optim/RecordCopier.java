package dev.descent.optim;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Copies a record with some components replaced ("this Adam with β₁ = 0.92"), through the
 * record's canonical constructor, so that the copy is validated exactly as a hand-written
 * {@code new} would be and refused values fail with the record's own message
 * ({@code beta1 = 1.2 is outside [0, 1)}).
 *
 * <p>This is the one place in descent that builds records reflectively. The canonical constructor
 * and the component accessors are looked up once per record class and kept as
 * {@link MethodHandle}s in a {@link ClassValue} cache, so {@link #of} is a cheap lookup and a copy
 * costs one accessor call per component plus one constructor call. A copy allocates the new
 * record, one argument array and the boxes of its primitive components: a few dozen bytes,
 * independent of the number of parameters. Users: the wrappers that apply schedules to
 * hyperparameters ({@link dev.descent.optim.transform.ScheduledHyperparameters},
 * {@link dev.descent.optim.transform.ReduceOnPlateau}); the {@link Optimizers} registry builds its
 * records the same way.
 *
 * <pre>{@code
 * RecordCopier<Adam> c = RecordCopier.of(Adam.class);
 * Adam a = c.with(Adam.defaults(), "beta1", 0.92);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <R> the record type
 */
public final class RecordCopier<R extends Record> {

    private static final ClassValue<RecordCopier<?>> CACHE = new ClassValue<>() {
        @Override
        protected RecordCopier<?> computeValue(Class<?> type) {
            return create(type.asSubclass(Record.class));
        }
    };

    private final Class<R> type;
    private final String[] names;
    private final Class<?>[] types;
    /** (Object record) → Object component value. */
    private final MethodHandle[] accessors;
    /** (Object[] arguments in component order) → Object record. */
    private final MethodHandle constructor;

    private RecordCopier(Class<R> type, String[] names, Class<?>[] types, MethodHandle[] accessors,
            MethodHandle constructor) {
        this.type = type;
        this.names = names;
        this.types = types;
        this.accessors = accessors;
        this.constructor = constructor;
    }

    /** The copier of {@code type} (cached per class). */
    @SuppressWarnings("unchecked")
    public static <R extends Record> RecordCopier<R> of(Class<R> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        return (RecordCopier<R>) CACHE.get(type);
    }

    /** The copier of {@code record}'s class. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> RecordCopier<R> forRecord(R record) {
        if (record == null) {
            throw new IllegalArgumentException("record must not be null");
        }
        return of((Class<R>) record.getClass());
    }

    /**
     * The copier of {@code value}'s class, when that class is a record.
     *
     * @throws IllegalArgumentException naming {@code what} when {@code value} is not a record
     */
    public static RecordCopier<?> forObject(String what, Object value) {
        if (!(value instanceof Record r)) {
            throw new IllegalArgumentException(what + " must be a record, got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return forRecord(r);
    }

    private static <R extends Record> RecordCopier<R> create(Class<R> type) {
        RecordComponent[] rc = type.getRecordComponents();
        int n = rc.length;
        String[] names = new String[n];
        Class<?>[] types = new Class<?>[n];
        MethodHandle[] accessors = new MethodHandle[n];
        MethodType getter = MethodType.methodType(Object.class, Object.class);
        try {
            for (int i = 0; i < n; i++) {
                names[i] = rc[i].getName();
                types[i] = rc[i].getType();
                accessors[i] = unreflect(rc[i].getAccessor()).asType(getter);
            }
            Constructor<R> c = type.getDeclaredConstructor(types);
            MethodHandle ctor = unreflect(c)
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordCopier<>(type, names, types, accessors, ctor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot access the canonical constructor of " + type.getName(), e);
        }
    }

    private static MethodHandle unreflect(Method m) throws IllegalAccessException {
        try {
            return MethodHandles.publicLookup().unreflect(m);
        } catch (IllegalAccessException e) {
            m.setAccessible(true); // a non-public record (e.g. nested in a test): allowed on the class path
            return MethodHandles.lookup().unreflect(m);
        }
    }

    private static MethodHandle unreflect(Constructor<?> c) throws IllegalAccessException {
        try {
            return MethodHandles.publicLookup().unreflectConstructor(c);
        } catch (IllegalAccessException e) {
            c.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(c);
        }
    }

    /** The record class. */
    public Class<R> type() {
        return type;
    }

    /** The component names, in declaration order. */
    public List<String> components() {
        return List.of(names);
    }

    /** The number of components. */
    public int size() {
        return names.length;
    }

    /**
     * The position of component {@code name}.
     *
     * @throws IllegalArgumentException naming the record and its components when there is none
     */
    public int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component '" + name + "'; components: "
                + String.join(", ", names));
    }

    /** The declared type of component {@code index}. */
    public Class<?> componentType(int index) {
        return types[index];
    }

    /** The name of component {@code index}. */
    public String componentName(int index) {
        return names[index];
    }

    /** The value of component {@code index} of {@code record} (primitives boxed). */
    public Object get(R record, int index) {
        try {
            return (Object) accessors[index].invokeExact((Object) record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh array with every component of {@code record}, in declaration order. */
    public Object[] values(R record) {
        Object[] out = new Object[names.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(record, i);
        }
        return out;
    }

    /**
     * A new record from {@code args} (in component order, primitives boxed), through the canonical
     * constructor. {@code args} is not modified and not kept.
     *
     * @throws IllegalArgumentException from the record's validation, unchanged, or when an argument
     *                                  has the wrong type
     */
    public R create(Object[] args) {
        if (args.length != names.length) {
            throw new IllegalArgumentException(type.getSimpleName() + " has " + names.length + " components, got "
                    + args.length + " values");
        }
        for (int i = 0; i < args.length; i++) {
            checkType(i, args[i]);
        }
        try {
            return type.cast((Object) constructor.invokeExact(args));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code record} with component {@code name} replaced by {@code value}. */
    public R with(R record, String name, Object value) {
        Object[] args = values(record);
        args[indexOf(name)] = value;
        return create(args);
    }

    /** {@code record} with the components named in {@code replacements} replaced. */
    public R with(R record, Map<String, ?> replacements) {
        Object[] args = values(record);
        for (Map.Entry<String, ?> e : replacements.entrySet()) {
            args[indexOf(e.getKey())] = e.getValue();
        }
        return create(args);
    }

    /**
     * {@code record} with component {@code indices[j]} replaced by {@code replacements[j]}: the fast
     * path for callers that resolved the names once with {@link #indexOf}.
     */
    public R with(R record, int[] indices, Object[] replacements) {
        Object[] args = values(record);
        for (int j = 0; j < indices.length; j++) {
            args[indices[j]] = replacements[j];
        }
        return create(args);
    }

    private void checkType(int i, Object value) {
        Class<?> t = types[i];
        boolean ok = t.isPrimitive() ? value != null && box(t).isInstance(value) : value == null || t.isInstance(value);
        if (!ok) {
            throw new IllegalArgumentException(type.getSimpleName() + "." + names[i] + " is a " + t.getSimpleName()
                    + ", got " + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
    }

    private static Class<?> box(Class<?> primitive) {
        if (primitive == double.class) {
            return Double.class;
        }
        if (primitive == long.class) {
            return Long.class;
        }
        if (primitive == int.class) {
            return Integer.class;
        }
        if (primitive == boolean.class) {
            return Boolean.class;
        }
        if (primitive == float.class) {
            return Float.class;
        }
        if (primitive == short.class) {
            return Short.class;
        }
        if (primitive == byte.class) {
            return Byte.class;
        }
        return Character.class;
    }

    @Override
    public String toString() {
        return "RecordCopier[" + type.getName() + Arrays.toString(names) + "]";
    }

    /** The names of the components whose declared type is exactly {@code componentType}. */
    public List<String> componentsOfType(Class<?> componentType) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (types[i] == componentType) {
                out.add(names[i]);
            }
        }
        return out;
    }
}
