package io.dotmac.database.sample.customer;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a client sends to create or update a customer. */
record CustomerRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Email @Size(max = 320) String email) {
}
