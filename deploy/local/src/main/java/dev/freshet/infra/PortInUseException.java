package dev.freshet.infra;

import dev.freshet.infra.server.PortBinding;

/** A port a server needs is taken by another process. Names the port and the variable that moves it. */
public class PortInUseException extends InfraException {

    private final transient PortBinding binding;

    public PortInUseException(PortBinding binding) {
        this(binding, "infra-up");
    }

    /** @param makeTarget the make target the suggested command runs again, e.g. {@code demo} */
    public PortInUseException(PortBinding binding, String makeTarget) {
        super("Port " + binding.port() + " (" + binding.purpose() + ") is already in use by another process. "
                + "Stop that process, or choose another port with " + binding.variable() + "=<port>, e.g. 'make "
                + makeTarget + " " + binding.variable() + "=" + suggestion(binding.port()) + "'.");
        this.binding = binding;
    }

    public PortBinding binding() {
        return binding;
    }

    private static int suggestion(int port) {
        return port < 55535 ? port + 10000 : port - 10000;
    }
}
