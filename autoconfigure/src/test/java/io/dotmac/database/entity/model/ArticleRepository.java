package io.dotmac.database.entity.model;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import io.dotmac.database.entity.SoftDeleteRepository;

public interface ArticleRepository extends JpaRepository<Article, UUID>, SoftDeleteRepository<Article, UUID> {

}
