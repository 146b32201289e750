package io.dotmac.database.sample.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A tenant to provision: its id (validated as a {@code TenantId}) and display name. */
record TenantRequest(@NotBlank String id, @NotBlank @Size(max = 200) String name) {
}
