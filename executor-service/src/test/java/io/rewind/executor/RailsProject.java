package io.rewind.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rewind.common.testing.PostgresResource;
import io.rewind.local.LocalProcess;

/**
 * A Rails application using Active Record only (Debian's railties, activerecord and ruby-pg, without Bundler: Debian's
 * {@code rails} package and {@code rails new} cannot be installed here, see the README), migrated by {@code rails
 * db:migrate}: its migrations create {@code orders} and then add {@code orders.coupon_code}. The database comes from
 * {@code DATABASE_URL}.
 */
public final class RailsProject extends MigrationProject {

    public static final String CREATE_ORDERS = "20240110000000";
    public static final String ADD_COUPON_CODE = "20240120000000";

    public RailsProject() throws IOException, SQLException {
        super("rails");
        Files.createDirectories(dir.resolve("config"));
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("db/migrate"));
        Files.writeString(dir.resolve("config/application.rb"), """
                require "rails"
                require "active_record/railtie"

                module Shop
                  class Application < Rails::Application
                    config.load_defaults 6.1
                    config.eager_load = false
                    config.secret_key_base = "tests-only"
                  end
                end
                """);
        Files.writeString(dir.resolve("config/environment.rb"), """
                require_relative "application"
                Rails.application.initialize!
                """);
        Files.writeString(dir.resolve("Rakefile"), """
                require_relative "config/application"
                Rails.application.load_tasks
                """);
        Files.writeString(dir.resolve("bin/rails"), """
                APP_PATH = File.expand_path("../config/application", __dir__)
                require "rails/commands"
                """);
        Files.writeString(dir.resolve("config/database.yml"), """
                production:
                  adapter: postgresql
                  url: <%= ENV["DATABASE_URL"] %>
                """);
        Files.writeString(dir.resolve("db/migrate/" + CREATE_ORDERS + "_create_orders.rb"), """
                class CreateOrders < ActiveRecord::Migration[6.1]
                  def change
                    create_table :orders do |t|
                      t.string :code
                    end
                  end
                end
                """);
        Files.writeString(dir.resolve("db/migrate/" + ADD_COUPON_CODE + "_add_coupon_code.rb"), """
                class AddCouponCode < ActiveRecord::Migration[6.1]
                  def change
                    add_column :orders, :coupon_code, :string
                  end
                end
                """);
    }

    public String databaseUrl() {
        return "postgres://" + PostgresResource.USER + ":" + PASSWORD + "@127.0.0.1:" + PostgresResource.port() + "/"
                + database;
    }

    /** Runs {@code rails <args>} in the application, in production, as its developers would; its output. */
    public String rails(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/rails"));
        argv.addAll(List.of(args));
        return LocalProcess.run(argv, dir, Map.of("DATABASE_URL", databaseUrl(), "RAILS_ENV", "production"));
    }

    /** The applied migrations' versions, oldest first. */
    public List<String> applied() throws SQLException {
        return query("SELECT version FROM schema_migrations ORDER BY version");
    }

    /** The admin's command: {@code rails db:rollback STEP={steps}}, its DATABASE_URL from a secret file. */
    public Map<String, Object> rollbackCommand() throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("argv", List.of("rails", "db:rollback", "STEP={steps}"));
        command.put("workingDirectory", dir.toString());
        command.put("placeholders", Map.of("steps", Map.of("pattern", "[1-9][0-9]{0,2}", "default", "1")));
        command.put("env", Map.of("DATABASE_URL", secretFile("database-url", databaseUrl()), "RAILS_ENV", "production"));
        command.put("timeoutSeconds", 120);
        return command;
    }
}
