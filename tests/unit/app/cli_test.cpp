#include "app/cli.hpp"

#include <gtest/gtest.h>

namespace fapid::app {
namespace {

TEST(Cli, ServeRequiresConfig) {
  auto r = parse_cli({"serve"});
  EXPECT_FALSE(r.invocation);
  EXPECT_EQ(r.error, "--config FILE is required");
}

TEST(Cli, ServeWithConfig) {
  auto r = parse_cli({"serve", "--config", "c.yaml"});
  ASSERT_TRUE(r.invocation);
  EXPECT_EQ(r.invocation->command, Command::serve);
  EXPECT_EQ(r.invocation->config_path, "c.yaml");
}

TEST(Cli, CheckConfigAsSubcommandAndAsFlag) {
  for (auto args : {std::vector<std::string>{"check-config", "--config", "c.yaml"},
                    std::vector<std::string>{"--config", "c.yaml", "--check-config"}}) {
    auto r = parse_cli(args);
    ASSERT_TRUE(r.invocation);
    EXPECT_EQ(r.invocation->command, Command::check_config);
    EXPECT_EQ(r.invocation->config_path, "c.yaml");
  }
}

TEST(Cli, HelpOfASubcommand) {
  auto r = parse_cli({"serve", "--help"});
  ASSERT_TRUE(r.invocation);
  EXPECT_EQ(r.invocation->command, Command::help);
  EXPECT_EQ(r.invocation->help_topic, "serve");
  EXPECT_NE(usage("serve").find("--config FILE"), std::string::npos);
  EXPECT_NE(usage("check-config").find("exits 2"), std::string::npos);
}

TEST(Cli, MigrateRequiresConfigAndHasItsHelp) {
  EXPECT_EQ(parse_cli({"migrate"}).error, "--config FILE is required");
  auto r = parse_cli({"migrate", "--config", "c.yaml"});
  ASSERT_TRUE(r.invocation);
  EXPECT_EQ(r.invocation->command, Command::migrate);
  auto help = parse_cli({"migrate", "--help"});
  ASSERT_TRUE(help.invocation);
  EXPECT_EQ(help.invocation->help_topic, "migrate");
  EXPECT_NE(usage("migrate").find("advisory lock"), std::string::npos);
  EXPECT_NE(usage("").find("fapid migrate --config FILE"), std::string::npos);
}

TEST(Cli, UnknownArgumentIsNamed) {
  auto r = parse_cli({"serve", "--config", "c.yaml", "--port", "1"});
  EXPECT_FALSE(r.invocation);
  EXPECT_EQ(r.error, "unknown argument '--port'");
}

TEST(Cli, ConfigWithoutValueIsAnError) {
  auto r = parse_cli({"serve", "--config"});
  EXPECT_FALSE(r.invocation);
  EXPECT_EQ(r.error, "--config needs a FILE");
}

}  // namespace
}  // namespace fapid::app
